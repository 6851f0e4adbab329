namespace Lightbits.Emulator.Storage;
