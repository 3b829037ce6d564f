namespace GridGov.Domain.Linking;

/// <summary>The steps of <see cref="LinkingEngine.Solve(LinkingInstance, Action{LinkingPhase}?)"/>, in order.</summary>
public enum LinkingPhase
{
    /// <summary>The instance is validated.</summary>
    Checked,
    /// <summary>Members, households and their scored candidate edges are indexed.</summary>
    NetworkBuilt,
    /// <summary>The transportation problem is solved.</summary>
    Solved,
    /// <summary>Every link is explained and every unlinked household given its reason.</summary>
    Explained,
}
