using Aspire.Hosting;
using SalesMesh.AppHost;

// dotnet run --project AppHost [--reset] [--gateway-port 8080] [--dashboard-port 18888]
//                              [--data-dir DIR] [--publisher manifest --output-path FILE]
var builder = DistributedApplication.CreateBuilder(args);
AppHostModel.Build(builder);
builder.Build().Run();
