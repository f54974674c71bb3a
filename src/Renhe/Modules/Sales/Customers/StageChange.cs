namespace Renhe.Modules.Sales.Customers;

/// One stage change with its date and who made it. Append-only.
public sealed class StageChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CustomerId { get; set; }
    public CustomerStage? FromStage { get; set; }
    public CustomerStage ToStage { get; set; }
    public Guid? ByUserId { get; set; }
    public string? ByName { get; set; }
    public DateTimeOffset At { get; set; }
}
