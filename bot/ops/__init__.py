"""Operating gopy: metrics, readiness, logs."""
