using System.Collections.Concurrent;
using System.Security.Cryptography;
using GridGov.Domain.Import;
using GridGov.Import;

namespace GridGov.Api.Imports;

/// <summary>Settings of browser imports (<c>Imports:*</c>).</summary>
public sealed class ImportSettings
{
    /// <summary>The largest upload accepted, in bytes (checked before the body is read). Default 200 MB.</summary>
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;
    /// <summary>Jobs kept in memory (finished ones are dropped oldest first, with their files).</summary>
    public int MaxJobs { get; set; } = 50;
    /// <summary>How long a job and its file are kept.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Imports running at once on this host (each county at most one).</summary>
    public int Parallel { get; set; } = 2;
    /// <summary>Features a dry run keeps for the preview map.</summary>
    public int PreviewLimit { get; set; } = 5000;
    /// <summary>Where uploads are kept while their job lives; default a folder of this process under the temp folder.</summary>
    public string? Folder { get; set; }
}

/// <summary>
/// The in-process registry of browser imports: a job per uploaded file, at most one queued or running per
/// county, bounded in number and age, each with its own temp folder. Dry runs and imports run in the
/// background through <see cref="Importer"/>, at most <see cref="ImportSettings.Parallel"/> at once; a fault is
/// logged and the job answers INTERNAL. The committed result of an import is in <c>import_runs</c>.
/// </summary>
public sealed class ImportJobs : IDisposable
{
    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new();
    private readonly object _admit = new();
    private readonly string _connectionString;
    private readonly ILogger<ImportJobs> _log;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly GridGov.Persistence.Sql.TileChanges? _tileChanges;

    public ImportJobs(string connectionString, ImportSettings settings, ILogger<ImportJobs> log, TimeProvider time,
        GridGov.Persistence.Sql.TileChanges? tileChanges = null)
    {
        _tileChanges = tileChanges;
        _connectionString = connectionString;
        Settings = settings;
        _log = log;
        _time = time;
        _slots = new SemaphoreSlim(Math.Max(1, settings.Parallel));
        // One folder per instance, not per process: two hosts in one process (tests) must not see, or on disposal
        // delete, each other's uploads.
        Root = settings.Folder ?? Path.Combine(Path.GetTempPath(), "gridgov-imports",
            $"{Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
    }

    public ImportSettings Settings { get; }
    public string Root { get; }

    public ImportJob? Get(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>The county's jobs, newest first.</summary>
    public IReadOnlyList<ImportJob> OfCounty(string countyCode) =>
        _jobs.Values.Where(j => j.CountyCode == countyCode).OrderByDescending(j => j.CreatedAt).ToList();

    public bool CountyBusy(string countyCode) => _jobs.Values.Any(j => j.CountyCode == countyCode && j.IsActive);

    /// <summary>A folder for a new job's upload; the job is registered by <see cref="TryAdmit"/> once the file is stored.</summary>
    public (string Id, string Folder) NewFolder()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var folder = Path.Combine(Root, id);
        Directory.CreateDirectory(folder);
        return (id, folder);
    }

    /// <summary>Registers and starts the dry run of a stored upload; refused when the county has a job running or too many are kept.</summary>
    public AdmitResult TryAdmit(ImportJob job)
    {
        lock (_admit)
        {
            Evict();
            if (CountyBusy(job.CountyCode)) return AdmitResult.Busy;
            if (_jobs.Count >= Settings.MaxJobs) return AdmitResult.TooMany;
            _jobs[job.Id] = job;
        }
        Start(job, dryRun: true, job.CreatedBy);
        return AdmitResult.Started;
    }

    /// <summary>Starts the real import of a job whose dry run was clean (see <see cref="ImportJob.TryConfirm"/>).</summary>
    public AdmitResult TryConfirm(ImportJob job, string actor, out ConfirmRefusal refusal)
    {
        lock (_admit)
        {
            refusal = ConfirmRefusal.None;
            if (_jobs.Values.Any(j => j.CountyCode == job.CountyCode && j.Id != job.Id && j.IsActive)) return AdmitResult.Busy;
            if (!job.TryConfirm(out refusal)) return AdmitResult.Refused;
        }
        Start(job, dryRun: false, actor);
        return AdmitResult.Started;
    }

    private void Start(ImportJob job, bool dryRun, string actor) => _ = Task.Run(() => RunAsync(job, dryRun, actor));

    private async Task RunAsync(ImportJob job, bool dryRun, string actor)
    {
        var ct = _stopping.Token;
        try
        {
            await _slots.WaitAsync(ct);
            try
            {
                job.Started();
                var request = new ImportRequest
                {
                    Kind = job.Kind, Path = job.FilePath, FileName = job.FileName, CountyCode = job.CountyCode,
                    Crs = job.Options.Crs, Sheet = job.Options.Sheet, Encoding = job.Options.Encoding, CodeField = job.Options.CodeField,
                    DryRun = dryRun, Replace = job.Options.Replace, Actor = actor, PreviewLimit = dryRun ? Settings.PreviewLimit : 0,
                };
                var report = await Importer.RunAsync(_connectionString, request, new JobProgress(job), ct);
                // Before the job says done: a map redrawn on "done" must not be given tiles kept from before the import.
                if (!dryRun) _tileChanges?.Touch();
                job.Finished(report, _time.GetUtcNow());
                _log.LogInformation("Import {Id} ({Kind}, {File}, county {County}, {Mode}) by {Actor}: {State}, {New} new, {Changed} changed, {Errors} errors",
                    job.Id, job.Kind, job.FileName, job.CountyCode, dryRun ? "dry run" : "import", actor,
                    report.HasErrors ? "refused" : "done", report.Counts.New, report.Counts.Changed, report.ErrorCount);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (Exception e)
        {
            // Never a stack trace to the client: the job answers INTERNAL; the log has the details.
            _log.LogError(e, "Import {Id} ({Kind}, {File}, county {County}) failed", job.Id, job.Kind, job.FileName, job.CountyCode);
            job.Faulted(_time.GetUtcNow());
        }
    }

    /// <summary>Drops jobs past their age, then the oldest finished ones beyond the bound, with their folders.</summary>
    private void Evict()
    {
        var now = _time.GetUtcNow();
        var finished = _jobs.Values.Where(j => !j.IsActive).OrderBy(j => j.CreatedAt).ToList();
        var excess = _jobs.Count - Settings.MaxJobs + 1;
        foreach (var j in finished)
        {
            if (now - j.CreatedAt < Settings.KeepFor && excess <= 0) break;
            if (_jobs.TryRemove(j.Id, out _)) DeleteFolder(j.Folder);
            excess--;
        }
    }

    public void DeleteFolder(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException e) { _log.LogWarning(e, "Could not delete {Folder}", folder); }
        catch (UnauthorizedAccessException e) { _log.LogWarning(e, "Could not delete {Folder}", folder); }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        DeleteFolder(Root);
        _stopping.Dispose();
    }

    private sealed class JobProgress(ImportJob job) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => job.Progress(value);
    }
}

public enum AdmitResult { Started, Busy, TooMany, Refused }
