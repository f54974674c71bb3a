using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Orders;

/// A product on the price list. Order lines copy its price at submission; a salesperson cannot
/// type a price, only a discount within their limit. Stock is checked only where tracked.
public sealed class Product : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// SKU, unique.
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// 单位: 套, 年, 件…
    public string Unit { get; set; } = "";
    public long PriceFen { get; set; }
    public bool TrackStock { get; set; }
    public int Stock { get; set; }
    public bool Active { get; set; } = true;
    public Guid Version { get; private set; } = Guid.NewGuid();
}
