Console.WriteLine("lbemu");
