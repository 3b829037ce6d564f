using GridGov.Domain.Links;

namespace GridGov.Domain.Pairing;

/// <summary>结对帮扶: a cadre in charge of a poor, lifted-out or monitored household. Ended, never deleted (the history).</summary>
public class CadrePairing
{
    public const int MaxReasonLength = 200;

    public long Id { get; set; }
    public long CadreId { get; set; }
    public long HouseholdId { get; set; }
    /// <summary>The household's village when paired (the figures and access filter by it).</summary>
    public required string VillageCode { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset? ValidTo { get; set; }
    public string? CreatedBy { get; set; }
    public string? EndedBy { get; set; }
    public string? EndReason { get; set; }
    /// <summary>The proposal that made it; null when paired by hand.</summary>
    public long? ProposalId { get; set; }

    public void End(DateTimeOffset at, string by, string reason)
    {
        if (ValidTo is not null) throw new InvalidOperationException($"pairing {Id} has already ended");
        ValidTo = at > ValidFrom ? at : ValidFrom.AddTicks(1);
        EndedBy = by;
        EndReason = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
    }
}

/// <summary>A stored run of the pairing engine over an area: nothing changes until it is applied.</summary>
public class PairingProposal
{
    public long Id { get; set; }
    public required string AreaCode { get; set; }
    public ProposalStatus Status { get; set; }
    public required string SettingsJson { get; set; }
    public required string ResultJson { get; set; }
    /// <summary>Fingerprint of the area's cadres, poor households and pairings when proposed; another one makes it stale.</summary>
    public required string BaseFingerprint { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
}

/// <summary>A county's pairing settings: the 「64321」 quotas and the objective's weights.</summary>
public class PairingCountySettings
{
    public required string CountyCode { get; set; }
    /// <summary>县级, 科级, 一般干部, 村干部, 职级未填 (<see cref="PairingQuotas"/>).</summary>
    public int[] Quotas { get; set; } = PairingQuotas.Default.ToArray();
    public double PerKm { get; set; } = PairingSettings.DefaultPerKm;
    public double Keep { get; set; } = PairingSettings.DefaultKeep;
    public DateTimeOffset UpdatedAt { get; set; }

    public PairingSettings ToSettings() => new()
    {
        Quotas = PairingQuotas.From(Quotas) ?? PairingQuotas.Default, PerKm = PerKm, Keep = Keep,
    };
}
