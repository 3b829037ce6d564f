using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using GridGov.Import;

namespace GridGov.Api.Imports;

/// <summary>Where a job is: waiting for a slot, running, finished clean, finished with errors (nothing written), or faulted.</summary>
public enum ImportJobState { Queued, Running, Done, Refused, Failed }

/// <summary>The options of an upload besides the file, passed to the importer as the CLI passes its flags.</summary>
public sealed record ImportOptions(string? CrsText, CrsSpec? Crs, string? Sheet, string? Encoding, string? CodeField, bool Replace = false);

/// <summary>
/// One uploaded file of one county: its dry run, and after a confirm its real import. Lives in
/// <see cref="ImportJobs"/> (in process, bounded); what an import committed is in <c>import_runs</c>.
/// The mutable part is guarded by a lock and read as a <see cref="ImportJobStatus"/> snapshot.
/// </summary>
public sealed class ImportJob
{
    private readonly object _gate = new();
    private ImportJobState _state = ImportJobState.Queued;
    private bool _dryRun = true;
    private string _phase = "queued";
    private int _done;
    private int? _total;
    private ImportReport? _report, _dryRunReport;
    private DateTimeOffset? _finishedAt;
    private string? _errorWorkbook;

    public required string Id { get; init; }
    public required string CountyCode { get; init; }
    public required ImportKind Kind { get; init; }
    /// <summary>The uploaded file's name, sanitised; also its name on disk.</summary>
    public required string FileName { get; init; }
    public required string Folder { get; init; }
    public required string FilePath { get; init; }
    public required ImportOptions Options { get; init; }
    /// <summary>Who uploaded it (the dry run's actor); a confirm records its own caller as the import's actor.</summary>
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Error workbooks exist for spreadsheets only.</summary>
    public bool IsSpreadsheet => Kind is not (ImportKind.Boundaries or ImportKind.Cells);

    public bool IsActive { get { lock (_gate) return _state is ImportJobState.Queued or ImportJobState.Running; } }

    public ImportReport? DryRunReport { get { lock (_gate) return _dryRunReport; } }

    public string? ErrorWorkbookPath { get { lock (_gate) return _errorWorkbook; } set { lock (_gate) _errorWorkbook = value; } }

    /// <summary>Queues the real import; false when the dry run is not done and clean, or it was confirmed already.</summary>
    public bool TryConfirm(out ConfirmRefusal refusal)
    {
        lock (_gate)
        {
            refusal = !_dryRun ? ConfirmRefusal.AlreadyConfirmed
                : _state is ImportJobState.Queued or ImportJobState.Running ? ConfirmRefusal.NotReady
                : _state is ImportJobState.Refused ? ConfirmRefusal.DryRunHasErrors
                : _state is ImportJobState.Failed || _dryRunReport is null ? ConfirmRefusal.NotReady
                : ConfirmRefusal.None;
            if (refusal != ConfirmRefusal.None) return false;
            _dryRun = false;
            _state = ImportJobState.Queued;
            _phase = "queued";
            _done = 0;
            _total = null;
            _finishedAt = null;
            return true;
        }
    }

    public void Started()
    {
        lock (_gate) { _state = ImportJobState.Running; _phase = "read"; }
    }

    public void Progress(ImportProgress p)
    {
        lock (_gate)
        {
            _phase = p.Phase;
            _done = p.Done;
            if (p.Total is { } t) _total = t;
        }
    }

    public void Finished(ImportReport report, DateTimeOffset at)
    {
        lock (_gate)
        {
            _report = report;
            _errorWorkbook = null;
            if (_dryRun) _dryRunReport = report;
            _state = report.HasErrors ? ImportJobState.Refused : ImportJobState.Done;
            _phase = "done";
            _total = report.Total;
            _done = report.Total;
            _finishedAt = at;
        }
    }

    public void Faulted(DateTimeOffset at)
    {
        lock (_gate) { _state = ImportJobState.Failed; _phase = "failed"; _finishedAt = at; }
    }

    public ImportJobStatus Status()
    {
        lock (_gate)
        {
            return new ImportJobStatus(Id, Kind.ToString().ToLowerInvariant(), FileName, _state, _dryRun, _report?.Committed ?? false,
                _phase, _done, _total, _report?.ErrorCount ?? 0, _report?.WarningCount ?? 0, _report,
                _state == ImportJobState.Failed ? Infrastructure.ErrorCodes.Internal : null,
                CreatedAt, _finishedAt, CountyCode,
                CanConfirm: _dryRun && _state == ImportJobState.Done,
                HasPreview: _dryRunReport is { Preview.Count: > 0 },
                HasErrorWorkbook: IsSpreadsheet && _report is { ErrorCount: > 0 } or { WarningCount: > 0 });
        }
    }
}

public enum ConfirmRefusal { None, NotReady, DryRunHasErrors, AlreadyConfirmed }

/// <summary>
/// A job as it stands: <see cref="DryRun"/> tells whether <see cref="Report"/> is the dry run's (a preview) or the
/// real import's; <see cref="Committed"/> whether the rows are in the database.
/// </summary>
public sealed record ImportJobStatus(string Id, string Kind, string FileName, ImportJobState State, bool DryRun, bool Committed,
    string Phase, int Done, int? Total, int Errors, int Warnings, ImportReport? Report, string? ErrorCode,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string CountyCode, bool CanConfirm, bool HasPreview, bool HasErrorWorkbook);
