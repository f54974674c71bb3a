using System.Text.RegularExpressions;

namespace Renhe.Tests.Infrastructure;

/// Signing in through the page's form, as a browser posts it (antiforgery token and cookie included).
public static partial class FormSignIn
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetAsync("/account/login");
        var html = await form.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["_handler"] = "login",
                ["Input.UserName"] = userName,
                ["Input.Password"] = password,
            }),
        };
        // The antiforgery cookie travels with the form, as in a browser.
        // (The client keeps cookies itself after the first visit, so later forms may set none.)
        if (form.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var c in setCookies) request.Headers.Add("Cookie", c.Split(';')[0]);
        return await client.SendAsync(request);
    }

    /// The authentication cookie ("renhe.auth=…") of a successful sign-in.
    public static async Task<string> CookieAsync(HttpClient client, string userName, string password)
    {
        var response = await PostAsync(client, userName, password);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("renhe.auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
