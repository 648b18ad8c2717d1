using System.Reflection;
using System.Reflection.Emit;
using Xunit;

namespace CaptioningKit.Tests.Architecture;

/// <summary>
/// The folder rules of ../shared/notes/architecture.md, checked on the compiled library: every type of a folder
/// (namespace CaptioningKit.Folder…) may use only the folders listed for it. Uses are read from signatures AND from
/// the IL of every method body (calls, fields, casts, new objects), so a fully qualified or partially qualified name
/// in a method body counts as much as a <c>using</c>.
/// </summary>
public class FolderDependencyTests
{
    const string Root = "(root)"; // Kit, KitPaths, InlineProgress: every folder may use them

    /// <summary>Who may use whom. Data flows one way: image file → tensor → features → attention/decoder → tokens → words → metrics.</summary>
    static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Root] = ["Native"],
        ["Native"] = [],
        ["SafeTensors"] = [],
        ["Data"] = [],
        ["Vocabulary"] = ["Data"],
        ["Images"] = ["Data"],
        ["Attention"] = [],
        ["Encoder"] = ["Images", "Data", "SafeTensors"],
        ["Decoder"] = ["Attention", "Vocabulary"],
        ["Evaluation"] = ["Vocabulary", "Data"],
        ["Model"] = ["Encoder", "Decoder", "Attention", "Images", "Vocabulary", "Data", "SafeTensors"],
        ["Inference"] = ["Model", "Decoder", "Encoder", "Attention", "Images", "Vocabulary", "Data", "Evaluation"],
        ["Training"] = ["Inference", "Model", "Decoder", "Encoder", "Attention", "Images", "Vocabulary", "Data", "Evaluation", "SafeTensors"],
        ["Display"] = [],
        ["Demo"] = ["Display", "Training", "Inference", "Model", "Decoder", "Encoder", "Attention", "Images", "Vocabulary", "Data", "Evaluation", "SafeTensors"],
        ["Teaching"] = ["Display", "Training", "Inference", "Model", "Decoder", "Encoder", "Attention", "Images", "Vocabulary", "Data", "Evaluation", "SafeTensors"],
    };

    static readonly Assembly Library = typeof(Kit).Assembly;

    static string FolderOf(Type type)
    {
        var ns = type.Namespace ?? "";
        if (ns == "CaptioningKit") return Root;
        if (!ns.StartsWith("CaptioningKit.", StringComparison.Ordinal)) return Root; // compiler-generated helpers
        return ns["CaptioningKit.".Length..].Split('.')[0];
    }

    [Fact]
    public void Every_folder_uses_only_the_folders_below_it()
    {
        var violations = FolderUses()
            .Where(u => u.From != u.To && u.To != Root && !Allowed[u.From].Contains(u.To))
            .Select(u => $"{u.From} -> {u.To} ({u.Where})")
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(violations.Count == 0, "Folder rules broken:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_folder_of_the_library_has_a_rule_and_its_files_live_in_its_namespace()
    {
        var folders = Library.GetTypes().Select(FolderOf).Distinct().ToList();
        Assert.All(folders, f => Assert.True(Allowed.ContainsKey(f), $"the folder {f} has no rule in {nameof(Allowed)}: place it in the picture"));
        var lib = Path.Combine(Repository.Root, "lib", "CaptioningKit");
        foreach (var file in Directory.EnumerateFiles(lib, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            // A step folder's files (sub-folders included) live in its namespace, CaptioningKit.Folder[.Sub...].
            var relative = Path.GetRelativePath(lib, Path.GetDirectoryName(file)!);
            var expected = relative == "." ? "CaptioningKit" : "CaptioningKit." + relative.Split(Path.DirectorySeparatorChar)[0];
            var declared = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("namespace ", StringComparison.Ordinal))?["namespace ".Length..].TrimEnd(';');
            Assert.True(declared == expected || (relative != "." && declared?.StartsWith(expected + ".", StringComparison.Ordinal) == true),
                $"{Path.GetRelativePath(lib, file)} declares namespace '{declared}', expected {expected}");
        }
    }

    [Fact]
    public void The_check_sees_uses_inside_method_bodies()
    {
        // Trainer calls ImageCaptioning.Generate inside a method body only: the scan must see Training -> Inference.
        Assert.Contains(FolderUses(), u => u.From == "Training" && u.To == "Inference" && u.Where.Contains("ImageCaptioning"));
        // and uses only in signatures: Model's Captioner takes a Device and returns DecoderOutput (Decoder).
        Assert.Contains(FolderUses(), u => u.From == "Model" && u.To == "Decoder");
    }

    static readonly Lazy<List<(string From, string To, string Where)>> Uses = new(Scan);

    static List<(string From, string To, string Where)> FolderUses() => Uses.Value;

    static List<(string From, string To, string Where)> Scan()
    {
        var result = new List<(string, string, string)>();
        foreach (var type in Library.GetTypes())
        {
            var from = FolderOf(type);
            void Use(Type? used, string where)
            {
                foreach (var t in Expand(used))
                    if (t.Assembly == Library) result.Add((from, FolderOf(t), $"{type.FullName} uses {t.FullName} {where}"));
            }
            Use(type.BaseType, "as base type");
            foreach (var i in type.GetInterfaces()) Use(i, "as interface");
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var f in type.GetFields(all)) Use(f.FieldType, $"in field {f.Name}");
            foreach (var p in type.GetProperties(all)) Use(p.PropertyType, $"in property {p.Name}");
            foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (m is MethodInfo mi) Use(mi.ReturnType, $"in {m.Name}'s return type");
                foreach (var p in m.GetParameters()) Use(p.ParameterType, $"in {m.Name}'s parameters");
                foreach (var member in BodyReferences(m)) Use(member is Type t ? t : member.DeclaringType, $"in {m.Name}'s body ({member.Name})");
                foreach (var local in SafeLocals(m)) Use(local, $"in {m.Name}'s locals");
            }
        }
        return result;
    }

    static IEnumerable<Type> SafeLocals(MethodBase m)
    {
        try { return m.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []; }
        catch (Exception e) when (e is BadImageFormatException or TypeLoadException) { return []; }
    }

    /// <summary>The type, its element type and generic arguments, recursively.</summary>
    static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null) yield break;
        if (type.HasElementType) { foreach (var t in Expand(type.GetElementType())) yield return t; yield break; }
        if (type.IsGenericParameter) yield break;
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
            foreach (var a in type.GetGenericArguments()) foreach (var t in Expand(a)) yield return t;
    }

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The members and types whose metadata tokens appear in the method's IL.</summary>
    static IEnumerable<MemberInfo> BodyReferences(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is BadImageFormatException or TypeLoadException) { yield break; }
        if (il is null) yield break;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            int operand = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try { member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMemberException) { }
                if (member is not null)
                {
                    yield return member;
                    if (member is MethodInfo { IsGenericMethod: true } g)
                        foreach (var a in g.GetGenericArguments()) yield return a;
                }
            }
            i += operand;
        }
    }
}
