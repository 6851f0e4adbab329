Console.WriteLine("lbcli");
