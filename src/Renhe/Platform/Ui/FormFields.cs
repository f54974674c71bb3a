using MudBlazor.Interfaces;

namespace Renhe.Platform.Ui;

/// Validates a few fields that are not in a MudForm (a panel's one note, a closing's outcome and
/// note) so each shows its own required message before anything is sent; false when one fails.
public static class FormFields
{
    public static async Task<bool> ValidAsync(params IFormComponent?[] fields)
    {
        var valid = true;
        foreach (var field in fields)
        {
            if (field is null) continue;
            await field.ValidateAsync();
            valid &= !field.HasErrors;
        }
        return valid;
    }
}
