using GridGov.Domain.Monthly;

namespace GridGov.Persistence.Monthly;

/// <summary>Declarations of one category in a month, by review state.</summary>
public sealed record CategoryCount(DeclarationCategory Category, int Submitted, int Approved, int Returned)
{
    public int Total => Submitted + Approved + Returned;
}
