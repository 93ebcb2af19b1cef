"""The audit log and per-field provenance: the lowest feature, called by every other one."""
