Console.WriteLine("SalesMesh AppHost: not wired yet");
