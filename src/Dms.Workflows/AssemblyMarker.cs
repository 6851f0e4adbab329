namespace Dms.Workflows;
