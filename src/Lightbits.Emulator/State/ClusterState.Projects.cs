using Common.Text;

namespace Lightbits.Emulator.State;

public sealed partial class ClusterState
{
    public IReadOnlyList<ProjectRecord> ListProjects()
    {
        lock (_lock)
        {
            return [.. _state.Projects];
        }
    }

    public ProjectRecord GetProject(string name)
    {
        lock (_lock)
        {
            return RequireProject(name);
        }
    }

    public bool ProjectExists(string name)
    {
        lock (_lock)
        {
            return _state.Projects.Any(p => p.Name == name);
        }
    }

    public ProjectRecord CreateProject(string? name, string? description)
    {
        if (Names.Problem("name", name) is { } problem)
        {
            throw ApiException.BadRequest(problem);
        }
        CheckDescription(description);
        lock (_lock)
        {
            if (_state.Projects.Any(p => p.Name == name))
            {
                throw ApiException.Conflict($"project \"{name}\" already exists");
            }
            var project = new ProjectRecord { Uuid = Guid.NewGuid().ToString(), Name = name!, Description = description };
            _state.Projects.Add(project);
            Save();
            return project;
        }
    }

    public void DeleteProject(string name)
    {
        lock (_lock)
        {
            RequireProject(name);
            if (name is SystemProject or DefaultProject)
            {
                throw ApiException.BadRequest($"project \"{name}\" is built in and cannot be deleted");
            }
            if (_state.Volumes.Any(v => v.ProjectName == name) || _state.Snapshots.Any(s => s.ProjectName == name))
            {
                throw ApiException.BadRequest($"project \"{name}\" still has volumes or snapshots");
            }
            _state.Projects.RemoveAll(p => p.Name == name);
            _state.Credentials.RemoveAll(c => c.ProjectName == name);
            Save();
        }
    }

    internal static void CheckDescription(string? description)
    {
        if (description is not null && System.Text.Encoding.UTF8.GetByteCount(description) > 256)
        {
            throw ApiException.BadRequest($"description is {System.Text.Encoding.UTF8.GetByteCount(description)} bytes long; the limit is 256");
        }
    }
}
