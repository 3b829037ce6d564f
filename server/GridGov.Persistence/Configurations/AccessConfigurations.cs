using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridGov.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> e)
    {
        e.ToTable("users");
        e.Property(u => u.Username).HasMaxLength(64);
        e.Property(u => u.DisplayName).HasMaxLength(100);
        e.Property(u => u.PasswordHash).HasMaxLength(200);
        e.Property(u => u.AreaCode).HasMaxLength(12).IsFixedLength();
        e.Property(u => u.Role).AsText();
        e.HasIndex(u => u.Username).IsUnique();
        e.HasOne<Area>().WithMany().HasForeignKey(u => u.AreaCode).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<PartyMember>().WithMany().HasForeignKey(u => u.MemberId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Cadre>().WithMany().HasForeignKey(u => u.CadreId).OnDelete(DeleteBehavior.SetNull);
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_users_username", "username ~ '^[a-z0-9][a-z0-9._-]*$'");
            t.HasCheckConstraint("ck_users_member_role", "role <> 'party_member' OR member_id IS NOT NULL");
            t.HasCheckConstraint("ck_users_cadre_role", "role <> 'cadre' OR cadre_id IS NOT NULL");
        });
        e.CheckEnum<User, Role>("users", "role");
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> e)
    {
        e.ToTable("api_keys");
        e.Property(k => k.Name).HasMaxLength(100);
        e.Property(k => k.Prefix).HasMaxLength(16);
        e.Property(k => k.SecretHash).HasMaxLength(200);
        e.Property(k => k.AreaCode).HasMaxLength(12).IsFixedLength();
        e.HasIndex(k => k.Prefix).IsUnique();
        e.HasOne<Area>().WithMany().HasForeignKey(k => k.AreaCode).OnDelete(DeleteBehavior.Restrict);
        e.ToTable(t => t.HasCheckConstraint("ck_api_keys_scopes",
            "cardinality(scopes) > 0 AND scopes <@ ARRAY['read','read-pii','write']::text[]"));
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> e)
    {
        e.ToTable("audit_events");
        e.Property(a => a.Actor).HasMaxLength(100);
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.EntityType).HasMaxLength(64);
        e.Property(a => a.EntityId).HasMaxLength(64);
        e.Property(a => a.AreaCode).HasMaxLength(12).IsFixedLength();
        e.Property(a => a.BeforeJson).HasColumnType("jsonb");
        e.Property(a => a.AfterJson).HasColumnType("jsonb");
        e.HasIndex(a => new { a.AreaCode, a.At });
        e.HasIndex(a => a.At);
        e.HasOne<Area>().WithMany().HasForeignKey(a => a.AreaCode).OnDelete(DeleteBehavior.Restrict);
    }
}
