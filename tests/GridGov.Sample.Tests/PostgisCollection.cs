using GridGov.Testing;

namespace GridGov.Sample.Tests;

[CollectionDefinition("postgis")]
public class PostgisCollection : ICollectionFixture<PostgisFixture> { }
