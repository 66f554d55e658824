"""The register's use cases: import a plan, assign units, record progress, report status."""
