using Renhe.Platform.Formatting;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Orders;

/// The price list. Everyone who reads orders sees it (salespeople pick from it); holders of
/// sales.product.manage (finance, administrators) add, edit, deactivate and set stock. A product is
/// never deleted: sold order lines refer to it.
public sealed class ProductService(InputValidator validator, IDbContextFactory<AppDbContext> dbFactory, AuditService audit, IStringLocalizer<Strings> l)
{
    public async Task<IReadOnlyList<ProductView>> ListAsync(bool includeInactive, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Products.AsNoTracking();
        if (!includeInactive) query = query.Where(p => p.Active);
        return await query.OrderBy(p => p.Code)
            .Select(p => new ProductView(p.Id, p.Code, p.Name, p.Unit, p.PriceFen, p.TrackStock, p.Stock, p.Active, p.Version)).ToListAsync(ct);
    }

    public async Task<Guid> CreateAsync(ProductInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var product = new Product();
        await ApplyAsync(db, product, input, ct);
        db.Products.Add(product);
        await db.SaveChangesAsync(ct);
        return product.Id;
    }

    public async Task UpdateAsync(Guid id, ProductInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        if (input.Version is not { } version) throw new DomainException("Validation.Required", "version") { Field = "version" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var product = await db.Products.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException();
        db.ExpectVersion(product, version);
        await ApplyAsync(db, product, input, ct);
        await db.SaveChangesAsync(ct);
    }

    private static async Task ApplyAsync(AppDbContext db, Product product, ProductInput input, CancellationToken ct)
    {
        var code = input.Code!.Trim().ToUpperInvariant();
        if (code.Length == 0) throw new DomainException("Validation.Required", "code") { Field = "code" };
        var name = input.Name!.Trim();
        if (name.Length == 0) throw new DomainException("Validation.Required", "name") { Field = "name" };
        if (input.Price is not { } price || price < 0 || OrderRules.ToFen(price) is not { } fen || fen > FieldLimits.UnitPriceFen)
            throw new DomainException("Sales.Product.BadPrice") { Field = "price" };
        if (input.Stock is < 0 or > FieldLimits.Quantity) throw new DomainException("Sales.Product.BadStock") { Field = "stock" };
        if (await db.Products.AnyAsync(p => p.Code == code && p.Id != product.Id, ct))
            throw new DomainException("Sales.Product.DuplicateCode", code) { Field = "code", StatusCode = StatusCodes.Status409Conflict };
        product.Code = code;
        product.Name = name;
        product.Unit = input.Unit!.Trim();
        product.PriceFen = fen;
        product.TrackStock = input.TrackStock;
        product.Stock = input.TrackStock ? input.Stock : 0;
        product.Active = input.Active;
    }

    public async Task<byte[]> ExportAsync(CancellationToken ct)
    {
        var rows = await ListAsync(includeInactive: true, ct);
        var sheet = rows.Select(p => new Dictionary<string, object?>
        {
            [l["Sales.Product.Code"]] = p.Code,
            [l["Sales.Product.Name"]] = p.Name,
            [l["Sales.Product.Unit"]] = p.Unit,
            [l["Sales.Product.Price"]] = MoneyFormat.ToYuan(p.PriceFen),
            [l["Sales.Product.Stock"]] = p.TrackStock ? p.Stock.ToString(CultureInfo.InvariantCulture) : l["Sales.Product.NotTracked"].Value,
            [l["Sales.Product.Active"]] = p.Active ? l["Common.Yes"].Value : l["Common.No"].Value,
        }).ToList();
        if (sheet.Count == 0) sheet.Add(new Dictionary<string, object?> { [l["Sales.Product.Code"]] = null, [l["Sales.Product.Name"]] = null });
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Sales.Products.Title"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "sales.product", null, JsonSerializer.Serialize(new { rows = rows.Count }), ct);
        return stream.ToArray();
    }
}
