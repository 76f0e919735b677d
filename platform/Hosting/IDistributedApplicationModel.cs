namespace Aspire.Hosting;

/// <summary>
/// An AppHost's wiring as a static method, so Program.cs and the tests build the same model
/// (stands in for Aspire's generated Projects.* entry-point types).
/// </summary>
public interface IDistributedApplicationModel
{
    static abstract void Build(IDistributedApplicationBuilder builder);
}
