namespace Renhe.Platform.Security;

/// Which rows a grant reaches. Ordered from narrowest to widest.
public enum DataScope
{
    /// Records the user owns or is.
    Self = 1,
    /// Records of the departments the user manages, recursively, plus their own.
    Team = 2,
    /// Records of the user's branch.
    Branch = 3,
    /// Every record.
    All = 4,
}
