using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Renhe.Platform.Auth;

/// Tells OpenAPI readers that /api takes a bearer token from POST /api/auth/token.
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "POST /api/auth/token { userName, password, totp? } → accessToken",
        };
        document.Info.Title = "Renhe API";
        return Task.CompletedTask;
    }
}
