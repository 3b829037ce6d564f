namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    private readonly Dictionary<long, long> _userOfMember = new();

    private void BuildUsers(List<Member>[] villageMembers, long[] secretaryUsers)
    {
        // password_hash is filled by the loader (one hash of the public demo password for all).
        var created = _now.AddDays(-365);
        data.Users.Rows.Add(new UserRow(++_userId, "county", "印江县领导（示例）", "county_leader", GeodataSource.CountyCode, null, created));
        foreach (var t in src.Townships)
            data.Users.Rows.Add(new UserRow(++_userId, "town-" + t.Code12, t.Name + "负责人（示例）", "township_leader", t.Code12, null, created));
        var members = data.Members.Rows.ToDictionary(m => m.Id);
        var people = data.People.Rows.ToDictionary(p => p.Id);
        foreach (var v in villages)
        {
            var sec = data.Branches.Rows[v.Index].SecretaryMemberId;
            var name = sec is { } s ? people[members[s].PersonId].Name : v.ShortName + "支部书记";
            secretaryUsers[v.Index] = ++_userId;
            data.Users.Rows.Add(new UserRow(_userId, "sec-" + v.Source.Code, name, "branch_secretary", v.Source.Code, sec, created));
        }
        // A few plain member accounts, for trying the member's view.
        foreach (var v in villages.Take(10))
        {
            var m = villageMembers[v.Index].FirstOrDefault(m => m.Status == "active" && m.Id != data.Branches.Rows[v.Index].SecretaryMemberId);
            if (m is null) continue;
            data.Users.Rows.Add(new UserRow(++_userId, "member-" + m.Id, m.Name, "party_member", v.Source.Code, m.Id, created));
            _userOfMember[m.Id] = _userId;
        }
    }
}
