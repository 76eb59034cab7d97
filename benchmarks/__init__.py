"""Side-by-side benchmarks: every figure is a ratio or a rate measured in one run on this machine."""
