using GridGov.Testing;

namespace GridGov.Sample.Tests;

// One collection, unlike the other test projects: the classes share the loaded full sample (LoadedSample), which lives in
// a database made through this one fixture and is dropped with it.
[CollectionDefinition("postgis")]
public class PostgisCollection : ICollectionFixture<PostgisFixture> { }
