using SalesMesh.Bench;

// bench/grpc host. Usage:
//   GrpcBench server --port 5100
//       POST /salesmesh.bench.v1.BenchService/Echo  — our gRPC runtime            (a)
//       POST /plain.BenchService/Echo               — plain Kestrel, same bytes   (b)
//   GrpcBench client --address http://127.0.0.1:5100 --seconds 10 --concurrency 64
//       our client's unary calls per second against (a)
return args.FirstOrDefault() switch
{
    "server" => await BenchServer.RunAsync(args[1..]),
    "client" => await ClientBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: GrpcBench server --port N | client --address URL [--seconds S] [--concurrency C]");
    return 2;
}
