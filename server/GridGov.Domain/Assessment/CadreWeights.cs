namespace GridGov.Domain.Assessment;

/// <summary>
/// A county's weights for the cadre ranking (whole points adding to 100); the defaults unless the county set its own.
/// </summary>
public class CadreWeights
{
    public required string CountyCode { get; set; }
    public int CheckIn { get; set; } = 25;
    public int WorkLog { get; set; } = 15;
    public int Coverage { get; set; } = 15;
    public int Contact { get; set; } = 15;
    public int PairingVisits { get; set; } = 10;
    public int Manual { get; set; } = 20;
    public DateTimeOffset UpdatedAt { get; set; }

    public static CadreWeights Default(string countyCode) => new() { CountyCode = countyCode };

    public IReadOnlyDictionary<CadrePart, int> ByPart => new Dictionary<CadrePart, int>
    {
        [CadrePart.CheckIn] = CheckIn,
        [CadrePart.WorkLog] = WorkLog,
        [CadrePart.Coverage] = Coverage,
        [CadrePart.Contact] = Contact,
        [CadrePart.PairingVisits] = PairingVisits,
        [CadrePart.Manual] = Manual,
    };

    /// <summary>Each weight 0–100 and all adding to 100.</summary>
    public bool Valid => ByPart.Values.All(v => v is >= 0 and <= 100) && ByPart.Values.Sum() == 100;
}
