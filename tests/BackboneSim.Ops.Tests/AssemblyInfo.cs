// The metrics registry and meter are per process (like Orleans' own meter), so these tests must not share it at the
// same time: one host and its runs at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
