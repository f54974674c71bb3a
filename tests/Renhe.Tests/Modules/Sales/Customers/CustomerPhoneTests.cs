using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Sales;

namespace Renhe.Tests.Modules.Sales.Customers;

public sealed class CustomerPhoneTests
{
    [Theory]
    [InlineData("13800138000", true)]
    [InlineData("+86 138 0013 8000", true)]
    [InlineData("0755-26881234", true)]   // Shenzhen landline with its area code
    [InlineData("010-6552 9988", true)]   // Beijing, 3-digit area code
    [InlineData("0571 8888888", true)]    // 7-digit local number
    [InlineData("26881234", false)]       // landline without an area code: ambiguous across cities
    [InlineData("12345678901", false)]    // mobiles start 13–19
    [InlineData("12345", false)]
    [InlineData("", false)]
    public void A_customer_phone_is_a_mobile_or_a_landline_with_area_code(string input, bool valid) =>
        Assert.Equal(valid, CustomerService.IsValidPhone(PersonalData.NormalisePhone(input)));
}
