"""Time the name pickers: building a list (once per worker and language), a typed search,
resolving a submitted name, the <datalist> suggestions. Worst case of several runs is reported.

Usage: REGISTRY_DATABASE_URL=... .venv/bin/python scripts/bench_pickers.py [RUNS]
"""

from __future__ import annotations

import sys
import time

from registry import create_app

QUERIES = ("vinh linh", "ho xa", "quang tri", "phuong 1", "a", "thanh pho ha noi")


def _ms(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main(runs: int = 3) -> None:
    app = create_app()
    worst = {"build": 0.0, "search": 0.0, "resolve": 0.0, "suggestions": 0.0}
    for _ in range(runs):
        app.extensions.pop("picker_cache", None)
        with app.test_request_context():
            source = app.extensions["pickers"]["areas"]
            worst["build"] = max(worst["build"], _ms(source.entries))
            for query in QUERIES:
                worst["search"] = max(worst["search"], _ms(lambda q=query, s=source: s.search(q)))
            worst["resolve"] = max(
                worst["resolve"], _ms(lambda s=source: s.resolve("Thị trấn Hồ Xá"))
            )
            worst["suggestions"] = max(worst["suggestions"], _ms(source.suggestions))
            count = len(source.entries())
    print(f"areas list: {count} names; worst of {runs} runs:")
    for name, value in worst.items():
        print(f"  {name:12} {value:8.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
