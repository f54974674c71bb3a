using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Renhe.Platform.Security;

/// An entity whose rows are filtered by data scope says which employee owns a row, and which
/// department and branch it belongs to. Expressions, not properties, so each entity maps them to
/// whatever columns it has (an employee owns itself; a customer is owned by its salesperson).
public interface IDataScoped<T> where T : IDataScoped<T>
{
    static abstract Expression<Func<T, Guid?>> ScopeOwner { get; }
    static abstract Expression<Func<T, Guid?>> ScopeDepartment { get; }
    static abstract Expression<Func<T, Guid?>> ScopeBranch { get; }
}

public static class DataScopeQueries
{
    /// The one place where data scope becomes a query filter. A user without the permission sees
    /// nothing; "all" adds no filter; the narrower scopes add the matching comparison.
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> query, UserAccess access, string permission)
        where T : IDataScoped<T>
    {
        switch (access.ScopeOf(permission))
        {
            case null:
                return query.Where(_ => false);
            case DataScope.All:
                return query;
            case DataScope.Branch when access.BranchId is { } branchId:
                return query.Where(Compose(T.ScopeBranch, id => id == branchId));
            case DataScope.Branch:
            case DataScope.Team:
                var team = access.TeamDepartmentIds.ToList();
                var self = access.EmployeeId;
                return query.Where(Or(
                    Compose(T.ScopeDepartment, id => id != null && team.Contains(id.Value)),
                    Compose(T.ScopeOwner, id => self != null && id == self)));
            case DataScope.Self:
                var me = access.EmployeeId;
                return query.Where(Compose(T.ScopeOwner, id => me != null && id == me));
            default:
                return query.Where(_ => false);
        }
    }

    private static Expression<Func<T, bool>> Compose<T>(Expression<Func<T, Guid?>> selector, Expression<Func<Guid?, bool>> test)
    {
        var body = ReplacingExpressionVisitor.Replace(test.Parameters[0], selector.Body, test.Body);
        return Expression.Lambda<Func<T, bool>>(body, selector.Parameters);
    }

    private static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right)
    {
        var rightBody = ReplacingExpressionVisitor.Replace(right.Parameters[0], left.Parameters[0], right.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, rightBody), left.Parameters);
    }
}
