using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Renhe.Platform.Security;

/// Who is acting in this scope: the HTTP request's user, or in a Blazor circuit the user that
/// the circuit's authentication state reports (HttpContext must not be used there).
public sealed class CurrentUser(IHttpContextAccessor http, IServiceProvider services)
{
    private ClaimsPrincipal? _circuitUser;
    private string? _circuitId;

    public ClaimsPrincipal Principal => _circuitUser ?? http.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public Guid? UserId => Principal.UserId();

    public string? UserName => Principal.Identity?.IsAuthenticated == true ? Principal.Identity.Name : null;

    public string? RequestId => _circuitId is not null ? "circuit:" + _circuitId : http.HttpContext?.TraceIdentifier;

    internal void SetCircuitUser(ClaimsPrincipal user, string circuitId)
    {
        _circuitUser = user;
        _circuitId = circuitId;
    }

    /// Read anew each time (AccessService caches for seconds): a circuit lives for hours and must
    /// see grant changes, not the grants it started with.
    public async Task<UserAccess> AccessAsync(CancellationToken ct) =>
        // Resolved on use: the context factory needs CurrentUser (for the audit), and AccessService
        // needs the context factory.
        UserId is { } id ? await services.GetRequiredService<AccessService>().GetAsync(id, ct) : UserAccess.None;
}

/// Keeps <see cref="CurrentUser"/> in step with a circuit's authentication state.
internal sealed class CurrentUserCircuitHandler(AuthenticationStateProvider authState, CurrentUser currentUser)
    : CircuitHandler, IDisposable
{
    private string _circuitId = "";

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _circuitId = circuit.Id;
        authState.AuthenticationStateChanged += OnChanged;
        var state = await authState.GetAuthenticationStateAsync();
        currentUser.SetCircuitUser(state.User, _circuitId);
    }

    private async void OnChanged(Task<AuthenticationState> task)
    {
        var state = await task;
        currentUser.SetCircuitUser(state.User, _circuitId);
    }

    public void Dispose() => authState.AuthenticationStateChanged -= OnChanged;
}
