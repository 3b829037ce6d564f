using System.Globalization;
using System.Resources;
using GridGov.Domain.Geo;
using GridGov.Domain.Links;

namespace GridGov.Api.Resources;

/// <summary>
/// The API's error messages: Messages.resx (Chinese, the neutral language) and Messages.en.resx.
/// Hand-written, one member per key; a key with values formats both languages with the same
/// arguments (an argument may itself be a <see cref="BilingualText"/>, giving each language its word).
/// </summary>
public static class Messages
{
    private static readonly ResourceManager Manager = new(typeof(Messages).FullName!, typeof(Messages).Assembly);

    /// <summary>The neutral language of the resources (the project's NeutralLanguage).</summary>
    public static CultureInfo Chinese { get; } = CultureInfo.GetCultureInfo("zh-Hans");
    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo("en");

    /// <summary>The text of <paramref name="key"/> in both languages; throws for an unknown key.</summary>
    public static BilingualText Get(string key) => new(Lookup(key, Chinese), Lookup(key, English));

    private static string Lookup(string key, CultureInfo culture) =>
        Manager.GetString(key, culture) ?? throw new InvalidOperationException($"No message {key} in Resources/Messages.resx.");

    // Values are formatted as string interpolation did before the texts moved here (current culture).
    private static BilingualText Format(string key, params object?[] args)
    {
        var text = Get(key);
        return new(
            string.Format(CultureInfo.CurrentCulture, text.Zh, Array.ConvertAll(args, a => a is BilingualText b ? b.Zh : a)),
            string.Format(CultureInfo.CurrentCulture, text.En, Array.ConvertAll(args, a => a is BilingualText b ? b.En : a)));
    }

    // Access
    public static BilingualText Unauthenticated => Get(nameof(Unauthenticated));
    public static BilingualText OutsideArea(string code) => Format(nameof(OutsideArea), code);
    public static BilingualText RoleMayNotUse(string field) => Format(nameof(RoleMayNotUse), field);
    public static BilingualText RoleReadOnly => Get(nameof(RoleReadOnly));
    public static BilingualText KeyWithoutRead => Get(nameof(KeyWithoutRead));
    public static BilingualText UserAccountNeeded => Get(nameof(UserAccountNeeded));
    public static BilingualText TileLayerForbidden(string layer) => Format(nameof(TileLayerForbidden), layer);
    public static BilingualText LoginLocked(int seconds) => Format(nameof(LoginLocked), seconds);
    public static BilingualText CredentialsMissing => Get(nameof(CredentialsMissing));
    public static BilingualText CredentialsWrong => Get(nameof(CredentialsWrong));

    // Not found
    /// <summary>"No {what} {id}": the English names <paramref name="what"/> as given, the Chinese its word.</summary>
    public static BilingualText NotFound(string what, string id) => Format(nameof(NotFound), new BilingualText(ThingZh(what), what), id);

    private static string ThingZh(string what) => Lookup(what switch
    {
        "area" or "village" or "township" or "county" => "ThingArea",
        "cell" => "ThingCell",
        "household" => "ThingHousehold",
        "member" => "ThingMember",
        "link" => "ThingLink",
        "tie" => "ThingTie",
        _ => "ThingOther",
    }, Chinese);

    public static BilingualText ProposalNotFound(long id) => Format(nameof(ProposalNotFound), id);
    public static BilingualText JobNotFound(long id) => Format(nameof(JobNotFound), id);

    // Requests and queries
    public static BilingualText BodyWithoutQuery => Get(nameof(BodyWithoutQuery));
    public static BilingualText MutationNeedsPost => Get(nameof(MutationNeedsPost));
    public static BilingualText NotAcceptable => Get(nameof(NotAcceptable));
    public static BilingualText VariablesNotJson => Get(nameof(VariablesNotJson));
    /// <summary>GraphQL.NET's own (English) validation message, prefixed in Chinese.</summary>
    public static BilingualText QueryInvalid(string message) => Format(nameof(QueryInvalid), message);
    public static BilingualText QueryTooComplex => Get(nameof(QueryTooComplex));
    public static BilingualText InternalError => Get(nameof(InternalError));
    // Request limits (Infrastructure/RequestLimits, InputLimitsRule)
    public static BilingualText DocumentTooLarge(int length, int max) => Format(nameof(DocumentTooLarge), length, max);
    public static BilingualText DocumentTooManyFields(int count, int max) => Format(nameof(DocumentTooManyFields), count, max);
    public static BilingualText DocumentTooManyRootFields(int count, int max) => Format(nameof(DocumentTooManyRootFields), count, max);
    public static BilingualText DocumentTooDeep(int max) => Format(nameof(DocumentTooDeep), max);
    public static BilingualText TooManyErrors(int max) => Format(nameof(TooManyErrors), max);
    public static BilingualText IdMalformed(string argument) => Format(nameof(IdMalformed), argument);
    public static BilingualText TextHasNul(string argument) => Format(nameof(TextHasNul), argument);
    public static BilingualText TextTooLong(string argument, int length, int max) => Format(nameof(TextTooLong), argument, length, max);
    public static BilingualText FieldTooLong(BilingualText label, int length, int max) => Format(nameof(FieldTooLong), label, length, max);
    /// <summary>A stored field's name as a secretary knows it (keys "Field_…", see ColumnLengths).</summary>
    public static BilingualText FieldLabel(string key) => Get("Field_" + key);
    public static BilingualText InputRejectedByDatabase => Get(nameof(InputRejectedByDatabase));
    public static BilingualText StatementTimedOut => Get(nameof(StatementTimedOut));
    public static BilingualText GeometryTooManyVertices(int count, int max) => Format(nameof(GeometryTooManyVertices), count, max);
    public static BilingualText RequestMalformed(string detail) => Format(nameof(RequestMalformed), detail);
    public static BilingualText SubscriptionUnsupported => Get(nameof(SubscriptionUnsupported));
    public static BilingualText DatabaseUnavailable => Get(nameof(DatabaseUnavailable));
    public static BilingualText FirstOutOfRange(int max) => Format(nameof(FirstOutOfRange), max);
    public static BilingualText CursorInvalid => Get(nameof(CursorInvalid));
    public static BilingualText SearchTextEmpty(string argument) => Format(nameof(SearchTextEmpty), argument);
    public static BilingualText SearchTextTooLong(string argument, int max) => Format(nameof(SearchTextTooLong), argument, max);
    public static BilingualText FieldMissing(string field) => Format(nameof(FieldMissing), field);
    public static BilingualText AreaCodeInvalid(string code) => Format(nameof(AreaCodeInvalid), code);
    public static BilingualText AreaCodeNotTwelveDigits(string code) => Format(nameof(AreaCodeNotTwelveDigits), code);
    public static BilingualText VillageCodeNotTwelveDigits(string code) => Format(nameof(VillageCodeNotTwelveDigits), code);
    public static BilingualText MonthInvalid(string month) => Format(nameof(MonthInvalid), month);
    public static BilingualText MonthInFuture(string month) => Format(nameof(MonthInFuture), month);
    public static BilingualText QuarterInvalid(string quarter) => Format(nameof(QuarterInvalid), quarter);
    public static BilingualText QuarterNotStarted => Get(nameof(QuarterNotStarted));
    public static BilingualText RankingsHidden => Get(nameof(RankingsHidden));

    // Writes
    public static BilingualText Conflict => Get(nameof(Conflict));
    public static BilingualText ReferenceMissing => Get(nameof(ReferenceMissing));
    public static BilingualText RuleBroken(string? constraint) => Format(nameof(RuleBroken), constraint);
    public static BilingualText VillageDataNotWritable(string villageCode) => Format(nameof(VillageDataNotWritable), villageCode);

    // Geometry input
    public static BilingualText GeometryMissing => Get(nameof(GeometryMissing));
    public static BilingualText GeometryNotGeometryObject => Get(nameof(GeometryNotGeometryObject));
    public static BilingualText GeometryNotObject => Get(nameof(GeometryNotObject));
    public static BilingualText GeoJsonUnreadable(string detail) => Format(nameof(GeoJsonUnreadable), detail);
    public static BilingualText GeoJsonEmpty => Get(nameof(GeoJsonEmpty));
    public static BilingualText RingNotClosed => Get(nameof(RingNotClosed));
    public static BilingualText CoordinatesNotFinite => Get(nameof(CoordinatesNotFinite));
    public static BilingualText CrsUnsupported(string? name) => Format(nameof(CrsUnsupported), name);
    /// <summary>The projection library's <paramref name="detail"/> goes into the English only.</summary>
    public static BilingualText CoordinatesNotConvertible(string detail) => Format(nameof(CoordinatesNotConvertible), new BilingualText("", detail));
    public static BilingualText CoordinatesSwapped => Get(nameof(CoordinatesSwapped));
    public static BilingualText CoordinatesOutsideCounty(Crs crs) => Format(nameof(CoordinatesOutsideCounty), crs);
    public static BilingualText LocationNotPoint => Get(nameof(LocationNotPoint));

    // Tiles
    public static BilingualText TileLayerUnknown(string layer) => Format(nameof(TileLayerUnknown), layer);
    public static BilingualText TileCoordinatesInvalid => Get(nameof(TileCoordinatesInvalid));

    // Households
    public static BilingualText DWithinMetersOutOfRange => Get(nameof(DWithinMetersOutOfRange));
    public static BilingualText NearestLimitOutOfRange => Get(nameof(NearestLimitOutOfRange));
    public static BilingualText NearestPointNotPoint => Get(nameof(NearestPointNotPoint));

    // Cells
    public static BilingualText CellsFilterMissing => Get(nameof(CellsFilterMissing));
    public static BilingualText CellsNotWritable(string villageCode) => Format(nameof(CellsNotWritable), villageCode);
    public static BilingualText CellLeaderOtherVillage => Get(nameof(CellLeaderOtherVillage));
    public static BilingualText CellLeaderGone => Get(nameof(CellLeaderGone));
    public static BilingualText CellLeaderMigrant => Get(nameof(CellLeaderMigrant));
    public static BilingualText CellNameTaken(string name) => Format(nameof(CellNameTaken), name);
    public static BilingualText CellVillageWithoutBranch => Get(nameof(CellVillageWithoutBranch));
    public static BilingualText CellVillageWithoutBoundary => Get(nameof(CellVillageWithoutBoundary));
    public static BilingualText CellMovesVillage => Get(nameof(CellMovesVillage));
    public static BilingualText SplitLineNotLineString => Get(nameof(SplitLineNotLineString));
    public static BilingualText GapPointNotPoint => Get(nameof(GapPointNotPoint));
    public static BilingualText HistoryNothingToUndo => Get(nameof(HistoryNothingToUndo));
    public static BilingualText HistoryNothingToRedo => Get(nameof(HistoryNothingToRedo));
    public static BilingualText HistoryChangedSince(BilingualText what) => Format(nameof(HistoryChangedSince), what);
    public static BilingualText HistoryCellCreated(string name) => Format(nameof(HistoryCellCreated), name);
    public static BilingualText HistoryCellChanged(string name) => Format(nameof(HistoryCellChanged), name);
    public static BilingualText HistoryCellDeleted(string name) => Format(nameof(HistoryCellDeleted), name);
    public static BilingualText HistoryRelink(string householdId) => Format(nameof(HistoryRelink), householdId);
    public static BilingualText HistoryCellSplit(string name) => Format(nameof(HistoryCellSplit), name);
    public static BilingualText HistoryCellsMerged(string names) => Format(nameof(HistoryCellsMerged), names);
    public static BilingualText HistoryLeaderChanged(string name) => Format(nameof(HistoryLeaderChanged), name);
    public static BilingualText MergeNeedsTwoCells => Get(nameof(MergeNeedsTwoCells));
    public static BilingualText MergeVersionsCount => Get(nameof(MergeVersionsCount));
    public static BilingualText MergeAcrossVillages => Get(nameof(MergeAcrossVillages));
    public static BilingualText CellNameLength => Get(nameof(CellNameLength));
    public static BilingualText CellIdNeedsVillage => Get(nameof(CellIdNeedsVillage));

    // Check-ins
    public static BilingualText CheckInCadresOnly => Get(nameof(CheckInCadresOnly));
    public static BilingualText CheckInLocationMissing => Get(nameof(CheckInLocationMissing));
    public static BilingualText CheckInInFuture => Get(nameof(CheckInInFuture));
    public static BilingualText CheckInTooOld => Get(nameof(CheckInTooOld));
    public static BilingualText CheckInAccuracyNegative => Get(nameof(CheckInAccuracyNegative));
    public static BilingualText CheckInOutsideAssignment => Get(nameof(CheckInOutsideAssignment));
    public static BilingualText CheckInVillageWithoutBoundary => Get(nameof(CheckInVillageWithoutBoundary));
    public static BilingualText CheckInsHiddenFromMembers => Get(nameof(CheckInsHiddenFromMembers));
    public static BilingualText CheckInClientIdReused(string clientId, long checkInId) => Format(nameof(CheckInClientIdReused), clientId, checkInId);

    // Cadres: work log and settings
    public static BilingualText WorkLogClientIdReused(string clientId, long id) => Format(nameof(WorkLogClientIdReused), clientId, id);
    public static BilingualText WorkLogTextMissing => Get(nameof(WorkLogTextMissing));
    public static BilingualText CheckInPhotoNotOwn => Get(nameof(CheckInPhotoNotOwn));
    public static BilingualText CheckInPhotoExists => Get(nameof(CheckInPhotoExists));
    public static BilingualText WorkLogDayInvalid(int days) => Format(nameof(WorkLogDayInvalid), days);
    public static BilingualText WorkLogTooManyHouseholds(int max) => Format(nameof(WorkLogTooManyHouseholds), max);
    public static BilingualText WorkLogHouseholdOutside(long id) => Format(nameof(WorkLogHouseholdOutside), id);
    public static BilingualText WorkLogHiddenFromMembers => Get(nameof(WorkLogHiddenFromMembers));
    public static BilingualText RequiredDaysInvalid(int days) => Format(nameof(RequiredDaysInvalid), days);

    // Links and ties
    public static BilingualText LinksFilterMissing => Get(nameof(LinksFilterMissing));
    public static BilingualText LinkOtherVillage => Get(nameof(LinkOtherVillage));
    public static BilingualText LinkMemberGone => Get(nameof(LinkMemberGone));
    public static BilingualText LinkOwnHousehold => Get(nameof(LinkOwnHousehold));
    public static BilingualText LinkUnchanged => Get(nameof(LinkUnchanged));
    public static BilingualText LinkOverCapacity(int load, int capacity) => Format(nameof(LinkOverCapacity), load, capacity);
    public static BilingualText LinkBasisNotFromTies(string asked, string fromTies) => Format(nameof(LinkBasisNotFromTies), asked, fromTies);
    public static BilingualText LinkEndReasonMissing => Get(nameof(LinkEndReasonMissing));
    public static BilingualText LinkNone => Get(nameof(LinkNone));
    public static BilingualText LinkNoneToLock => Get(nameof(LinkNoneToLock));
    public static BilingualText TieRelationTooLong => Get(nameof(TieRelationTooLong));
    public static BilingualText TieAlreadyDeclared => Get(nameof(TieAlreadyDeclared));

    // Proposals
    public static BilingualText SettingOutOfRange(string name, double max) => Format(nameof(SettingOutOfRange), name, max);
    public static BilingualText WeightOutOfRange(string name, double max) => Format(nameof(WeightOutOfRange), name, max);
    public static BilingualText ProposalStale => Get(nameof(ProposalStale));
    public static BilingualText ProposalNeedsWrite => Get(nameof(ProposalNeedsWrite));
    public static BilingualText ProposalSecretaryOnly => Get(nameof(ProposalSecretaryOnly));
    public static BilingualText ProposalClosed(ProposalStatus status) => Format(nameof(ProposalClosed), Get(status switch
    {
        ProposalStatus.Applied => "ProposalStatusApplied",
        ProposalStatus.Discarded => "ProposalStatusDiscarded",
        ProposalStatus.Stale => "ProposalStatusStale",
        _ => "ProposalStatusOpen",
    }));

    // Monthly work
    public static BilingualText ReviewQueueHidden => Get(nameof(ReviewQueueHidden));
    public static BilingualText MemberReportHidden => Get(nameof(MemberReportHidden));
    public static BilingualText CoverageForMembersHidden => Get(nameof(CoverageForMembersHidden));
    public static BilingualText DeclareMemberAccountOnly => Get(nameof(DeclareMemberAccountOnly));
    public static BilingualText DeclareOwnLinksOnly => Get(nameof(DeclareOwnLinksOnly));
    public static BilingualText DeclarationNotOwn => Get(nameof(DeclarationNotOwn));
    public static BilingualText DeclarationApproved => Get(nameof(DeclarationApproved));
    public static BilingualText DeclarationHouseholdFixed => Get(nameof(DeclarationHouseholdFixed));
    public static BilingualText DeclarationNotSubmitted => Get(nameof(DeclarationNotSubmitted));
    // Declarations from a phone: idempotency keys and photos
    public static BilingualText ClientIdInvalid => Get(nameof(ClientIdInvalid));
    public static BilingualText ClientIdReused(string clientId, long declarationId) => Format(nameof(ClientIdReused), clientId, declarationId);
    public static BilingualText DeclarationApprovedNoWithdraw => Get(nameof(DeclarationApprovedNoWithdraw));
    public static BilingualText PhotoApproved => Get(nameof(PhotoApproved));
    public static BilingualText PhotoEmpty => Get(nameof(PhotoEmpty));
    public static BilingualText PhotoTooLarge => Get(nameof(PhotoTooLarge));
    public static BilingualText PhotoNotJpeg => Get(nameof(PhotoNotJpeg));
    public static BilingualText PhotoTruncated => Get(nameof(PhotoTruncated));
    public static BilingualText PhotoNoSize => Get(nameof(PhotoNoSize));
    public static BilingualText PhotoTooManyPixels => Get(nameof(PhotoTooManyPixels));
    public static BilingualText PhotoHidden => Get(nameof(PhotoHidden));
    public static BilingualText PhotoNone => Get(nameof(PhotoNone));
    public static BilingualText WorkDateOutsideMonth => Get(nameof(WorkDateOutsideMonth));
    public static BilingualText WorkDateInFuture => Get(nameof(WorkDateInFuture));
    public static BilingualText WorkDateTooOld => Get(nameof(WorkDateTooOld));
    public static BilingualText WorkTextMissing => Get(nameof(WorkTextMissing));
    public static BilingualText DeclarationAccuracyOutOfRange => Get(nameof(DeclarationAccuracyOutOfRange));
    public static BilingualText ReviewOwnDeclaration => Get(nameof(ReviewOwnDeclaration));
    public static BilingualText ReviewSecretaryOnly(string villageCode) => Format(nameof(ReviewSecretaryOnly), villageCode);
    public static BilingualText ReturnReasonMissing => Get(nameof(ReturnReasonMissing));
    public static BilingualText RatingFutureMonth => Get(nameof(RatingFutureMonth));
    public static BilingualText RatingSelf => Get(nameof(RatingSelf));
    public static BilingualText RatingBeforeJoined(string month, string joinedOn) => Format(nameof(RatingBeforeJoined), month, joinedOn);
    public static BilingualText RatingBeforeData(string month, string first) => Format(nameof(RatingBeforeData), month, first);
    public static BilingualText RatingNone(string month) => Format(nameof(RatingNone), month);

    // Roster upkeep (households, members)
    public static BilingualText RosterNotKept(string villageCode) => Format(nameof(RosterNotKept), villageCode);
    public static BilingualText RosterVillageWithoutBranch(string villageCode) => Format(nameof(RosterVillageWithoutBranch), villageCode);
    public static BilingualText RosterVillageWithoutLocation(string villageCode) => Format(nameof(RosterVillageWithoutLocation), villageCode);
    public static BilingualText HouseholdNoLength => Get(nameof(HouseholdNoLength));
    public static BilingualText HouseholdNoTaken(string householdNo, string villageCode) => Format(nameof(HouseholdNoTaken), householdNo, villageCode);
    public static BilingualText HeadNameLength => Get(nameof(HeadNameLength));
    public static BilingualText PersonNameLength => Get(nameof(PersonNameLength));
    public static BilingualText IdNumberMissing => Get(nameof(IdNumberMissing));
    public static BilingualText IdNumberStoredAsNumber => Get(nameof(IdNumberStoredAsNumber));
    public static BilingualText IdNumberFormat => Get(nameof(IdNumberFormat));
    public static BilingualText IdNumberBirthDate => Get(nameof(IdNumberBirthDate));
    public static BilingualText IdNumberCheckDigit => Get(nameof(IdNumberCheckDigit));
    public static BilingualText PhoneInvalid => Get(nameof(PhoneInvalid));
    public static BilingualText HouseholdSizeOutOfRange => Get(nameof(HouseholdSizeOutOfRange));
    public static BilingualText AddressTooLong => Get(nameof(AddressTooLong));
    public static BilingualText VillageGroupInvalid => Get(nameof(VillageGroupInvalid));
    public static BilingualText FieldCannotBeNull(string field) => Format(nameof(FieldCannotBeNull), field);
    public static BilingualText MemberCapacityOutOfRange => Get(nameof(MemberCapacityOutOfRange));
    public static BilingualText BirthYearOutOfRange => Get(nameof(BirthYearOutOfRange));
    public static BilingualText JoinedOnInFuture => Get(nameof(JoinedOnInFuture));
    public static BilingualText MemberIdNumberTaken(long memberId) => Format(nameof(MemberIdNumberTaken), memberId);
    public static BilingualText MemberHouseholdOtherVillage => Get(nameof(MemberHouseholdOtherVillage));
    public static BilingualText MemberAlreadyInBranch(string villageCode) => Format(nameof(MemberAlreadyInBranch), villageCode);
    public static BilingualText MemberGoneCannotMove => Get(nameof(MemberGoneCannotMove));
    public static BilingualText MemberMoveOtherCounty(string villageCode) => Format(nameof(MemberMoveOtherCounty), villageCode);
    public static BilingualText LinkEndDeceased => Get(nameof(LinkEndDeceased));
    public static BilingualText LinkEndLeft => Get(nameof(LinkEndLeft));
    public static BilingualText LinkEndMoved => Get(nameof(LinkEndMoved));
    public static BilingualText NoteRemoteOnly(int links) => Format(nameof(NoteRemoteOnly), links);
    public static BilingualText NoteLinksEnded(int links, long proposalId) => Format(nameof(NoteLinksEnded), links, proposalId);
    public static BilingualText NoteUnplaced(int households) => Format(nameof(NoteUnplaced), households);
    public static BilingualText NoteCellsUnled(int cells) => Format(nameof(NoteCellsUnled), cells);
    public static BilingualText NoteLocationFromVillage => Get(nameof(NoteLocationFromVillage));
    public static BilingualText NoteOutsideVillage(double meters) => Format(nameof(NoteOutsideVillage), meters);
    public static BilingualText NoteHomeFromVillage => Get(nameof(NoteHomeFromVillage));
    // Household life cycle (注销, 分户)
    public static BilingualText HouseholdAlreadyEnded(string endedOn) => Format(nameof(HouseholdAlreadyEnded), endedOn);
    public static BilingualText HouseholdEndReasonMissing => Get(nameof(HouseholdEndReasonMissing));
    public static BilingualText HouseholdEndReasonTooLong(int max) => Format(nameof(HouseholdEndReasonTooLong), max);
    public static BilingualText HouseholdHeadNameMissing => Get(nameof(HouseholdHeadNameMissing));
    public static BilingualText SplitSizeOutOfRange(int min, int max) => Format(nameof(SplitSizeOutOfRange), min, max);
    public static BilingualText HouseholdSameNo => Get(nameof(HouseholdSameNo));
    public static BilingualText SplitHouseholdNoTaken(string householdNo) => Format(nameof(SplitHouseholdNoTaken), householdNo);
    public static BilingualText HouseholdEndedNoLinks => Get(nameof(HouseholdEndedNoLinks));
    public static BilingualText RosterNotWritable(string villageCode) => Format(nameof(RosterNotWritable), villageCode);
    public static BilingualText SplitLocationOutsideVillage(string villageCode) => Format(nameof(SplitLocationOutsideVillage), villageCode);
    // Imports
    public static BilingualText ImportCountyAdminOnly => Get(nameof(ImportCountyAdminOnly));
    public static BilingualText ImportTooLarge(long maxMegabytes) => Format(nameof(ImportTooLarge), maxMegabytes);
    public static BilingualText ImportNotMultipart => Get(nameof(ImportNotMultipart));
    public static BilingualText ImportKindUnknown(string kind) => Format(nameof(ImportKindUnknown), kind);
    public static BilingualText ImportFileMissing => Get(nameof(ImportFileMissing));
    public static BilingualText ImportUploadBroken => Get(nameof(ImportUploadBroken));
    public static BilingualText ImportCrsUnknown(string crs) => Format(nameof(ImportCrsUnknown), crs);
    public static BilingualText ImportOptionTooLong(string name) => Format(nameof(ImportOptionTooLong), name);
    public static BilingualText ImportBusy => Get(nameof(ImportBusy));
    public static BilingualText ImportTooMany => Get(nameof(ImportTooMany));
    public static BilingualText ImportJobNotFound(string id) => Format(nameof(ImportJobNotFound), id);
    public static BilingualText ImportNotReady => Get(nameof(ImportNotReady));
    public static BilingualText ImportDryRunHasErrors => Get(nameof(ImportDryRunHasErrors));
    public static BilingualText ImportAlreadyConfirmed => Get(nameof(ImportAlreadyConfirmed));
    public static BilingualText ImportFileChanged => Get(nameof(ImportFileChanged));
    public static BilingualText ImportNoErrorWorkbook => Get(nameof(ImportNoErrorWorkbook));
    public static BilingualText ImportNoPreview => Get(nameof(ImportNoPreview));
    public static BilingualText ImportTemplateKind(string kind) => Format(nameof(ImportTemplateKind), kind);
}
