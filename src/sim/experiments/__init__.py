"""What a manager runs: replications, variant comparisons, parameter sweeps and staffing searches.

Every run is a pure function of (scenario, replication), so the same work gives the same numbers on local
processes or on a Dask cluster; the executors only decide where it runs.
"""
