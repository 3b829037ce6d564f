namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    /// <summary>
    /// First secretaries for deep-poverty villages (some with a work team), resident cadres for some others; their check-ins and work log are
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
        BuildWorkTeams();
    }

    /// <summary>
    /// 驻村工作队: some deep-poverty villages also have a work team besides the 第一书记 — a 驻村工作队长 and one or two 队员,
    /// each with one posting to the village (no rule is broken: only a 第一书记 is held to one village, and nobody serves
    /// a village twice). Drawn from their own random stream and numbered after the other cadres, so those keep their ids.
    /// The quarterly ranking takes the 队长s with the 第一书记s (CadreKinds.IsRankedQuarterly).
    /// </summary>
    private void BuildWorkTeams()
    {
        foreach (var v in villages.Where(v => deep[v.Index]))
        {
            var rng = Rng.For(o.Seed, "work-team", v.Index);
            if (!rng.Chance(0.4)) continue;
            var from = _asOf.AddDays(-rng.Int(120, 700));
            foreach (var kind in new[] { "team_leader" }.Concat(Enumerable.Repeat("resident_cadre", rng.Int(1, 2))))
            {
                var male = rng.Chance(0.7);
                var birthYear = rng.Int(1970, 1996);
                var surname = Vocabulary.Surnames[rng.Weighted(Vocabulary.Surnames.Select(s => s.Weight).ToArray())].Name;
                var personId = ++_personId;
                data.People.Rows.Add(new PersonRow(personId, surname + GivenName(male, rng), male ? "male" : "female", birthYear,
                    IdNumber(birthYear, male, rng), Phone(rng), null));
                var cadreId = ++_cadreId;
                data.Cadres.Rows.Add(new CadreRow(cadreId, personId, kind, v.Source.Code, from, SampleRank(kind, Rng.For(o.Seed, "cadre-rank", (int)cadreId))));
            }
        }
    }
}
