// Each test class starts its own Redis and silo processes; on a small machine two such clusters at once would only
// slow each other down past the tests' timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
