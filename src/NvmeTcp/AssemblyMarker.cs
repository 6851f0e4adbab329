namespace NvmeTcp;
