namespace GridGov.Client.Pages.Coverage;

/// <summary>A village's figures for its colour on the map (from coverage(...).children of its township).</summary>
public sealed record AreaFigures(int Households, int Linked, double LinkedShare, double ContactedShare);

/// <summary>A child of the focus (township, village or cell) for the chart.</summary>
public sealed record ChildFigures(string Id, string Name, double LinkedShare, double ContactedShare)
{
    public double Share(Services.ShareMeasure m) => m == Services.ShareMeasure.Contacted ? ContactedShare : LinkedShare;
}

/// <summary>The figures of the area in focus, as the coverage API returns them.</summary>
public sealed record FocusFigures(string Level, string AreaCode, string? CellId, string Name, int Households, int Linked, int Contacted,
    double LinkedShare, double ContactedShare, double UncoveredM2, int OutsideCells, int CellsWithoutLeader, int FarLinks, int Overloaded,
    int Stale, int NoDeclaration, int? Members, string? Leader, IReadOnlyList<ChildFigures> Children);

/// <summary>A cell of the selected village with its shares and polygon.</summary>
public sealed record CellShape(string Id, string Name, double LinkedShare, double ContactedShare, System.Text.Json.JsonElement Geometry)
{
    public double Share(Services.ShareMeasure m) => m == Services.ShareMeasure.Contacted ? ContactedShare : LinkedShare;
}
