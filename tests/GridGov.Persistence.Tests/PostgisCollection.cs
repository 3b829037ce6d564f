using GridGov.Testing;

namespace GridGov.Persistence.Tests;

[CollectionDefinition(Name)]
public class PostgisCollection : ICollectionFixture<PostgisFixture>
{
    public const string Name = "postgis";
}
