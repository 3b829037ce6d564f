using GridGov.Domain.Links;

namespace GridGov.Domain.Linking;

/// <summary>
/// Links households to party members for one village, optimally: first as many households as
/// possible, then the highest total score, where
/// score(m, h) = Σ weights of the tie kinds between m and h − perKm · km − change (if h is
/// currently linked to another member). Locked links are kept and use capacity. A member's own
/// household is never proposed to them (<see cref="OwnHouseholdRule"/>).
/// </summary>
/// <remarks>
/// Scores are solved in fixed point (1e-6 points by default) so the flow algorithm is exact
/// and platform-independent; the reported scores are the unrounded ones. The optimum is
/// therefore exact up to 0.5e-6 points per link.
/// </remarks>
public static class LinkingEngine
{
    /// <summary>Fixed-point units per score point; lowered only if an instance would overflow.</summary>
    internal const long DefaultScale = 1_000_000;

    public static LinkingResult Solve(LinkingInstance instance) => Solve(instance, null);

    /// <summary>
    /// As <see cref="Solve(LinkingInstance)"/>, calling <paramref name="reached"/> as each phase ends, so a
    /// benchmark can tell where the time goes (its own clock: the domain reads none).
    /// </summary>
    public static LinkingResult Solve(LinkingInstance instance, Action<LinkingPhase>? reached)
    {
        LinkingValidator.ThrowIfInvalid(instance);
        reached?.Invoke(LinkingPhase.Checked);
        var problem = new Problem(instance);
        reached?.Invoke(LinkingPhase.NetworkBuilt);
        var choice = SolveWithScale(problem);
        reached?.Invoke(LinkingPhase.Solved);
        var result = problem.BuildResult(choice);
        reached?.Invoke(LinkingPhase.Explained);
        return result;
    }

    private static int[] SolveWithScale(Problem problem)
    {
        // Realistic villages never get near overflow; the fallback keeps absurd weights from crashing.
        for (var scale = DefaultScale; ; scale /= 1000)
        {
            try
            {
                return problem.SolveFixedPoint(scale);
            }
            catch (OverflowException) when (scale > 1)
            {
            }
        }
    }

    /// <summary>The instance indexed by ordinal id order, with candidate edges.</summary>
    private sealed class Problem
    {
        private readonly LinkingSettings settings;
        private readonly LinkingMember[] members;
        private readonly LinkingHousehold[] households;
        private readonly Dictionary<(int Member, int Household), TieSet> ties = [];
        private readonly int[] currentMember; // per household, −1 if none
        private readonly int[] lockedMember;  // per household, −1 if none
        private readonly int[] residualCapacity;
        private readonly int[] capacity;

        // Candidate edges for the free (not locked) households, CSR by household order.
        private readonly int[] freeHouseholds;
        private readonly int[] edgeStart;
        private readonly int[] edgeMember;
        private readonly double[] edgeScore;

        public Problem(LinkingInstance instance)
        {
            settings = instance.Settings;
            members = [.. instance.Members.OrderBy(m => m.Id, StringComparer.Ordinal)];
            households = [.. instance.Households.OrderBy(h => h.Id, StringComparer.Ordinal)];
            var memberIndex = Index(members.Select(m => m.Id));
            var householdIndex = Index(households.Select(h => h.Id));

            foreach (var t in instance.Ties)
            {
                var key = (memberIndex[t.MemberId], householdIndex[t.HouseholdId]);
                // Repeated ties of one kind count once: a second "blood" row is a duplicate, not more blood.
                ties[key] = ties.GetValueOrDefault(key).With(t.Kind, t.Inferred);
            }

            currentMember = new int[households.Length];
            lockedMember = new int[households.Length];
            Array.Fill(currentMember, -1);
            Array.Fill(lockedMember, -1);
            foreach (var c in instance.Current) currentMember[householdIndex[c.HouseholdId]] = memberIndex[c.MemberId];
            foreach (var l in instance.Locked) lockedMember[householdIndex[l.HouseholdId]] = memberIndex[l.MemberId];

            capacity = [.. members.Select(m => m.EffectiveCapacity(settings))];
            residualCapacity = [.. capacity];
            foreach (var m in lockedMember)
                if (m >= 0) residualCapacity[m]--;

            freeHouseholds = [.. Enumerable.Range(0, households.Length).Where(h => lockedMember[h] < 0)];
            (edgeStart, edgeMember, edgeScore) = BuildEdges();
        }

        /// <summary>
        /// Candidate edges of every free household: each member with room within reach, scored.
        /// The pairs are members × households, so the loop touches only arrays: ties and own
        /// households are spread into per-member scratch arrays for one household at a time.
        /// </summary>
        private (int[] Start, int[] Member, double[] Score) BuildEdges()
        {
            var open = Enumerable.Range(0, members.Length).Where(m => residualCapacity[m] > 0).ToArray();
            var mx = open.Select(m => members[m].X).ToArray();
            var my = open.Select(m => members[m].Y).ToArray();
            var slot = new int[members.Length]; // member → position in open, −1 if full
            Array.Fill(slot, -1);
            for (var i = 0; i < open.Length; i++) slot[open[i]] = i;

            var tiesOf = new List<(int Slot, TieSet Set)>?[households.Length];
            foreach (var ((m, h), set) in ties)
                if (slot[m] >= 0) (tiesOf[h] ??= []).Add((slot[m], set));
            var ownersOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            if (!settings.AllowOwnHousehold)
                foreach (var m in open)
                    if (members[m].HouseholdId is { } own) (ownersOf.TryGetValue(own, out var l) ? l : ownersOf[own] = []).Add(slot[m]);

            var tieScore = new double[open.Length];
            var barred = new bool[open.Length];
            var start = new int[freeHouseholds.Length + 1];
            var member = new List<int>(freeHouseholds.Length * Math.Min(open.Length, 16));
            var score = new List<double>(member.Capacity);
            var w = settings.Weights;
            var maxDistance = settings.MaxDistanceMeters;
            // Squared distances prune; the exact test below is the same one Distance() answers.
            var maxSquared = maxDistance * maxDistance * (1 + 1e-9);
            for (var row = 0; row < freeHouseholds.Length; row++)
            {
                var h = freeHouseholds[row];
                var house = households[h];
                var hTies = tiesOf[h];
                if (hTies is not null) foreach (var (i, set) in hTies) tieScore[i] = TieScore(set, w);
                var owners = ownersOf.Count > 0 ? ownersOf.GetValueOrDefault(house.Id) : null;
                if (owners is not null) foreach (var i in owners) barred[i] = true;
                var change = currentMember[h] >= 0 ? w.Change : 0;
                var current = currentMember[h] >= 0 ? slot[currentMember[h]] : -1;
                for (var i = 0; i < open.Length; i++)
                {
                    var dx = mx[i] - house.X;
                    var dy = my[i] - house.Y;
                    var squared = dx * dx + dy * dy;
                    if (squared > maxSquared || barred[i]) continue;
                    var d = Math.Sqrt(squared);
                    if (d > maxDistance) continue;
                    member.Add(open[i]);
                    // As ScoreParts: tie score − distance penalty − change penalty, in that order.
                    score.Add(tieScore[i] - w.PerKm * d / 1000 - (i == current ? 0 : change));
                }
                if (hTies is not null) foreach (var (i, _) in hTies) tieScore[i] = 0;
                if (owners is not null) foreach (var i in owners) barred[i] = false;
                start[row + 1] = member.Count;
            }
            return (start, [.. member], [.. score]);
        }

        /// <summary>Σ weights of the tie kinds, inferred ones discounted; summed in kind order as ScoreParts does.</summary>
        private static double TieScore(TieSet set, LinkingWeights w)
        {
            var sum = 0.0;
            foreach (var k in set.Kinds()) sum += set.IsDeclared(k) ? w.Of(k) : w.Of(k) * w.Inferred;
            return sum;
        }

        private static Dictionary<string, int> Index(IEnumerable<string> ids)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var id in ids) index.Add(id, index.Count);
            return index;
        }

        public int[] SolveFixedPoint(long scale)
        {
            var cost = new long[edgeScore.Length];
            for (var e = 0; e < cost.Length; e++)
            {
                var scaled = Math.Round(edgeScore[e] * scale, MidpointRounding.ToEven);
                if (Math.Abs(scaled) > 1e15) throw new OverflowException();
                cost[e] = -(long)scaled; // the solver minimises
            }
            var rowColumn = TransportationSolver.Solve(freeHouseholds.Length,
                [.. residualCapacity.Select(c => Math.Max(c, 0))], edgeStart, edgeMember, cost);

            var choice = (int[])lockedMember.Clone();
            for (var row = 0; row < freeHouseholds.Length; row++) choice[freeHouseholds[row]] = rowColumn[row];
            return choice;
        }

        public LinkingResult BuildResult(int[] memberOfHousehold)
        {
            var links = new List<ProposedLink>();
            var unlinked = new List<UnlinkedHousehold>();
            for (var h = 0; h < households.Length; h++)
            {
                var m = memberOfHousehold[h];
                if (m >= 0)
                {
                    var link = Explain(m, h, Distance(members[m], households[h]));
                    links.Add(link with { Locked = lockedMember[h] >= 0 });
                }
                else
                {
                    unlinked.Add(new(households[h].Id, ReasonFor(h)));
                }
            }
            links.Sort((a, b) =>
            {
                var byMember = string.CompareOrdinal(a.MemberId, b.MemberId);
                return byMember != 0 ? byMember : string.CompareOrdinal(a.HouseholdId, b.HouseholdId);
            });
            return new LinkingResult(links, unlinked);
        }

        /// <summary>
        /// Someone with a capacity of their own within reach means the household lost out to
        /// others (members_full); otherwise no one could ever take it.
        /// </summary>
        private UnlinkedReason ReasonFor(int h)
        {
            for (var m = 0; m < members.Length; m++)
                if (capacity[m] > 0 && !IsOwn(m, h) && Distance(members[m], households[h]) <= settings.MaxDistanceMeters)
                    return UnlinkedReason.MembersFull;
            return UnlinkedReason.NoMemberWithinDistance;
        }

        private bool IsOwn(int m, int h) => OwnHouseholdRule.Forbids(members[m].HouseholdId, households[h].Id, settings);

        private ProposedLink Explain(int m, int h, double distance)
        {
            var score = ScoreParts(m, h, distance, out var tieScore, out var distancePenalty, out var changePenalty);
            var kinds = ties.GetValueOrDefault((m, h)).Kinds();
            return new ProposedLink(
                members[m].Id, households[h].Id,
                BasisOf(kinds, settings.Weights, distance),
                distance, score, tieScore, distancePenalty, changePenalty,
                kinds, Locked: false);
        }

        /// <summary>One formula for the solver and the explanation, so they cannot drift apart.</summary>
        private double ScoreParts(int m, int h, double distance, out double tieScore, out double distancePenalty, out double changePenalty)
        {
            var w = settings.Weights;
            tieScore = TieScore(ties.GetValueOrDefault((m, h)), w);
            distancePenalty = w.PerKm * distance / 1000;
            changePenalty = currentMember[h] >= 0 && currentMember[h] != m ? w.Change : 0;
            return tieScore - distancePenalty - changePenalty;
        }

        /// <summary>The strongest tie by weight (blood, marriage, social on equal weights); else proximity.</summary>
        private LinkBasis BasisOf(IReadOnlyList<TieKind> kinds, LinkingWeights w, double distance)
        {
            if (kinds.Count == 0)
                // Only a locked link can be this far; calling it "proximity" would be false.
                return distance > settings.MaxDistanceMeters ? LinkBasis.Remote : LinkBasis.Proximity;
            var best = kinds[0];
            foreach (var k in kinds)
                if (w.Of(k) > w.Of(best)) best = k;
            return best switch
            {
                TieKind.Blood => LinkBasis.Blood,
                TieKind.Marriage => LinkBasis.Marriage,
                _ => LinkBasis.Social,
            };
        }

        private static double Distance(LinkingMember m, LinkingHousehold h)
        {
            var dx = m.X - h.X;
            var dy = m.Y - h.Y;
            return Math.Sqrt(dx * dx + dy * dy);
        }
    }

    /// <summary>
    /// The tie kinds present between one member and one household, as bits: the low three for
    /// declared ties, the next three for inferred ones (a declared tie of a kind wins over its inferred twin).
    /// </summary>
    private readonly record struct TieSet(int Bits)
    {
        private static readonly TieKind[][] KindsByBits = Enumerable.Range(0, 8)
            .Select(bits => Enum.GetValues<TieKind>().Where(k => (bits & (1 << (int)k)) != 0).ToArray())
            .ToArray();

        public TieSet With(TieKind kind, bool inferred = false) => new(Bits | (1 << ((int)kind + (inferred ? 3 : 0))));

        public bool IsDeclared(TieKind kind) => (Bits & (1 << (int)kind)) != 0;

        /// <summary>In enum order (blood, marriage, social), which is also the tie-break order for the basis.</summary>
        public IReadOnlyList<TieKind> Kinds() => KindsByBits[(Bits | (Bits >> 3)) & 7];
    }
}
