using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Households;

namespace GridGov.Api.Households;

public sealed class SocialAssistanceEnum : EnumerationGraphType<SocialAssistance>
{
    public SocialAssistanceEnum()
    {
        Name = "SocialAssistance";
        Description = "低保 SUBSISTENCE / 特困 DESTITUTE, or NONE: assistance a household receives apart from its poverty status.";
    }
}

/// <summary>The fields of a household both inputs share; in an update every one is optional and only given ones change.</summary>
internal static class HouseholdInputFields
{
    public static void Add(InputObjectGraphType t)
    {
        t.Field<StringGraphType>("idNumber").Description("户主身份证号: 18 characters with a valid GB 11643 check digit; null clears it.");
        t.Field<StringGraphType>("phone").Description("联系电话: an 11-digit mobile or a landline with area code; null clears it.");
        t.Field<IntGraphType>("villageGroup").Description("村民小组 number (3 = 「3组」); the group is created when new; null clears it.");
        t.Field<StringGraphType>("address").Description("地址, at most 200 characters; null clears it.");
        t.Field<IntGraphType>("size").Description("人口数, 1–30 (default 1).");
        t.Field<PovertyStatusEnum>("povertyStatus").Description("Default NONE.");
        t.Field<SocialAssistanceEnum>("assistance").Description("Default NONE.");
        t.Field<GeoJsonGraphType>("location").Description("The house, a GeoJSON Point. Without one a new house goes to the village centre.");
        t.Field<CrsEnumType>("crs").Description("CRS of location when it names none (default EPSG_4326).");
    }
}

public sealed class CreateHouseholdInputType : InputObjectGraphType
{
    public CreateHouseholdInputType()
    {
        Name = "CreateHouseholdInput";
        Description = "A new household (户) in a village.";
        Field<NonNullGraphType<StringGraphType>>("villageCode");
        Field<NonNullGraphType<StringGraphType>>("householdNo").Description("户编号, unique within the village (at most 30 characters).");
        Field<NonNullGraphType<StringGraphType>>("headName").Description("户主 name.");
        HouseholdInputFields.Add(this);
    }
}

public sealed class UpdateHouseholdInputType : InputObjectGraphType
{
    public UpdateHouseholdInputType()
    {
        Name = "UpdateHouseholdInput";
        Description = "Corrections to a household: only the fields given change (null clears an optional one). Moving the house finds its grid cell again.";
        Field<StringGraphType>("householdNo").Description("户编号, unique within the village.");
        Field<StringGraphType>("headName").Description("户主 name.");
        HouseholdInputFields.Add(this);
    }
}

public sealed record HouseholdPayload(Household Household, IReadOnlyList<RosterNote> Notes);

public sealed class HouseholdPayloadType : ObjectGraphType<HouseholdPayload>
{
    public HouseholdPayloadType()
    {
        Name = "HouseholdPayload";
        Field<NonNullGraphType<HouseholdType>>("household").Resolve(c => c.Source.Household);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RosterNoteType>>>>("notes").Resolve(c => c.Source.Notes);
    }
}
