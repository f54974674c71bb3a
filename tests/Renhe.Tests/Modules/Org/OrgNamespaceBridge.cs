// Transitional, the test-side twin of src/Renhe/Modules/Org/OrgNamespaceBridge.cs: the Sales tests
// still import Renhe.Modules.Org for these types. Delete with it.
global using Branch = Renhe.Modules.Org.Structure.Branch;
global using Employee = Renhe.Modules.Org.Employees.Employee;
global using PersonalData = Renhe.Modules.Org.Employees.PersonalData;

namespace Renhe.Tests.Modules.Org;
