using GridGov.Testing;

namespace GridGov.Api.Tests;

[CollectionDefinition(Name)]
public class PostgisCollection : ICollectionFixture<PostgisFixture>
{
    public const string Name = "postgis";
}
