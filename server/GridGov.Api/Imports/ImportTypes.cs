using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;

namespace GridGov.Api.Imports;

public sealed class ImportJobStateEnum : EnumerationGraphType<ImportJobState>
{
    public ImportJobStateEnum()
    {
        Name = "ImportJobState";
        Description = "QUEUED, RUNNING, DONE (clean: a dry run may be confirmed; an import committed), REFUSED (errors: nothing written), FAILED (a fault of ours).";
    }
}

public sealed class ImportJobType : ObjectGraphType<ImportJobStatus>
{
    public ImportJobType()
    {
        Name = "ImportJob";
        Description = "A file uploaded to POST /imports: its dry run and, once confirmed (POST /imports/{id}/confirm), its import.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("fileName").Resolve(c => c.Source.FileName);
        Field<NonNullGraphType<ImportJobStateEnum>>("state").Resolve(c => c.Source.State);
        Field<NonNullGraphType<BooleanGraphType>>("dryRun").Description("True while the job is (or its report is) the dry run; false once confirmed.")
            .Resolve(c => c.Source.DryRun);
        Field<NonNullGraphType<BooleanGraphType>>("committed").Description("The rows are in the database.").Resolve(c => c.Source.Committed);
        Field<NonNullGraphType<StringGraphType>>("phase").Description("queued, read, write, done or failed.").Resolve(c => c.Source.Phase);
        Field<NonNullGraphType<IntGraphType>>("done").Description("Rows read or written so far.").Resolve(c => c.Source.Done);
        Field<IntGraphType>("total").Description("Rows in the file, once known.").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<IntGraphType>>("errors").Description("How many errors the report has.").Resolve(c => c.Source.Errors);
        Field<NonNullGraphType<IntGraphType>>("warnings").Resolve(c => c.Source.Warnings);
        Field<NonNullGraphType<BooleanGraphType>>("canConfirm").Description("A clean dry run that may be confirmed.").Resolve(c => c.Source.CanConfirm);
        Field<StringGraphType>("report").Description("The report as JSON, as `gridgov import --report` writes it (null until the run ends).")
            .Resolve(c => c.Source.Report?.ToJson());
        Field<StringGraphType>("errorCode").Description("INTERNAL when the job faulted (the log has the details).").Resolve(c => c.Source.ErrorCode);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<DateTimeOffsetGraphType>("finishedAt").Resolve(c => c.Source.FinishedAt);
    }
}

/// <summary>importJob(id) and importJobs: the county's browser imports (in-process; the committed ones are also in import_runs).</summary>
public sealed class ImportQueries : IQueryFields
{
    public void Add(ObjectGraphType q)
    {
        AuthorizationRule.Roles(q.Field<ImportJobType>("importJob")
            .Description("An import job of the caller's county (county-admin).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(ctx =>
            {
                var caller = ctx.Caller();
                var id = ctx.GetArgument<string>("id");
                var job = ctx.Service<ImportJobs>().Get(id)
                    ?? throw new GridGovError(ErrorCodes.NotFound, Messages.ImportJobNotFound(id.Length > 64 ? id[..64] : id));
                if (!caller.CanImport(job.CountyCode)) throw GridGovError.OutsideArea(job.CountyCode);
                return job.Status();
            }), Role.CountyAdmin);
        AuthorizationRule.Roles(q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportJobType>>>>("importJobs")
            .Description("The caller's county's recent import jobs, newest first (county-admin).")
            .Resolve(ctx =>
            {
                var caller = ctx.Caller();
                return caller.CanImport(caller.AreaCode)
                    ? ctx.Service<ImportJobs>().OfCounty(caller.AreaCode).Select(j => j.Status()).ToList()
                    : [];
            }), Role.CountyAdmin);
    }
}
