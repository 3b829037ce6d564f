namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    /// <summary>
    /// First secretaries for deep-poverty villages, resident cadres for some others; their check-ins and work log are
    /// built after the pairings (PopulationBuilder.CadreWork.cs).
    /// </summary>
    private void BuildCadres()
    {
        foreach (var v in villages)
        {
            var rng = Rng.For(o.Seed, "cadres", v.Index);
            var kinds = new List<string>();
            if (deep[v.Index]) kinds.Add("first_secretary");
            if (rng.Chance(0.3)) kinds.Add("resident_cadre");
            if (rng.Chance(0.05)) kinds.Add("resident_cadre");
            foreach (var kind in kinds)
            {
                var male = rng.Chance(0.7);
                var birthYear = rng.Int(1970, 1996);
                var surname = Vocabulary.Surnames[rng.Weighted(Vocabulary.Surnames.Select(s => s.Weight).ToArray())].Name;
                var personId = ++_personId;
                data.People.Rows.Add(new PersonRow(personId, surname + GivenName(male, rng), male ? "male" : "female", birthYear,
                    IdNumber(birthYear, male, rng), Phone(rng), null));
                var cadreId = ++_cadreId;
                var rank = SampleRank(kind, Rng.For(o.Seed, "cadre-rank", (int)cadreId));
                data.Cadres.Rows.Add(new CadreRow(cadreId, personId, kind, v.Source.Code, _asOf.AddDays(-rng.Int(120, 700)), rank));
                if (kind == "first_secretary")
                    data.CadreUsers.Rows.Add(new UserRow(++_userId, "cadre-" + v.Source.Code, data.People.Rows[^1].Name + "（第一书记，示例）", "cadre",
                        v.Source.Code, null, Cst(_asOf.AddDays(-30), 9, 0), cadreId));
            }
        }
    }
}
