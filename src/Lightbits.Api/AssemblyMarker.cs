namespace Lightbits.Api;
