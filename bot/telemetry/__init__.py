"""What the running bot tells its operator: counters for Prometheus, and log lines as JSON."""
