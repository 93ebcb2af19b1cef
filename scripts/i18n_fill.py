"""Fill English msgstr from a dict file (tab-separated vi<TAB>en lines) into the catalogue."""

import sys

from babel.messages.pofile import read_po, write_po

po_path = "registry/translations/en/LC_MESSAGES/messages.po"
with open(po_path, "rb") as f:
    catalog = read_po(f, locale="en")
mapping = {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if "\t" in line:
        vi, en = line.split("\t", 1)
        mapping[vi] = en
missing = []
for message in catalog:
    if not message.id:
        continue
    if message.id in mapping:
        message.string = mapping[message.id]
        message.flags.discard("fuzzy")
    elif not message.string:
        missing.append(message.id)
with open(po_path, "wb") as f:
    write_po(f, catalog, width=100, omit_header=False, no_location=True, sort_output=True)
print("missing:", len(missing))
for m in missing:
    print(m)
