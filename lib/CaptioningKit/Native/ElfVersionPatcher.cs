using System.Buffers.Binary;
using System.Text;

namespace CaptioningKit.Native;

/// <summary>One field the patcher changed: where it is in the file and its bytes before and after.</summary>
public sealed record ElfFieldChange(string What, long FileOffset, ushort OldValue, ushort NewValue);

/// <summary>What <see cref="ElfVersionPatcher.Patch"/> found and did.</summary>
public sealed record ElfPatchResult(bool AlreadyPatched, int VersionIndex, IReadOnlyList<ElfFieldChange> Changes, IReadOnlyList<string> Symbols);

/// <summary>
/// Turns one required symbol version of an x86-64 ELF shared library into a weak one, so that ld.so loads the
/// library on a system whose libstdc++ lacks that version. Exactly two kinds of field change:
/// the Vernaux entry of the version gets VER_FLG_WEAK (0x2) in vna_flags, and every dynamic symbol bound to that
/// version index is re-bound to VER_NDX_GLOBAL (1) in .gnu.version. See ../shared/notes/torchsharp-on-linux.md.
/// The input must be a 64-bit little-endian x86-64 ELF with .gnu.version_r and .gnu.version sections, whose entry for
/// the version is used by exactly the expected symbols; anything else is refused with a <see cref="NativeSetupException"/>.
/// </summary>
public static class ElfVersionPatcher
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const uint ShtGnuVersym = 0x6fffffff;
    const ushort VerFlgWeak = 0x2;
    const ushort VerNdxGlobal = 1;
    const ushort EmX86_64 = 0x3E;

    /// <summary>Patches <paramref name="elf"/> in place. A second call on the result changes nothing and says so.</summary>
    public static ElfPatchResult Patch(byte[] elf, string fileName, string versionName, IReadOnlyCollection<string> expectedSymbols)
    {
        var file = new ElfView(elf, fileName);
        var (verneed, versym) = (file.Section(ShtGnuVerneed, ".gnu.version_r"), file.Section(ShtGnuVersym, ".gnu.version"));
        var aux = FindVernaux(file, verneed, versionName);
        var dynsym = file.SectionAt((int)versym.Link, ".dynsym (linked from .gnu.version)");
        var dynstr = file.SectionAt((int)dynsym.Link, ".dynstr (linked from .dynsym)");

        var bound = new List<(long Offset, ushort Value, string Name)>();
        long symbolCount = versym.Size / 2;
        for (long i = 0; i < symbolCount; i++)
        {
            long off = versym.Offset + 2 * i;
            ushort v = file.U16(off);
            if ((v & 0x7fff) != aux.Index) continue;
            long sym = dynsym.Offset + i * 24; // Elf64_Sym is 24 bytes; st_name is its first field
            bound.Add((off, v, file.String(dynstr, file.U32(sym))));
        }

        bool weak = (aux.Flags & VerFlgWeak) != 0;
        if (weak && bound.Count == 0)
            return new ElfPatchResult(true, aux.Index, [], []);

        var names = bound.Select(b => b.Name).ToList();
        var unexpected = names.Where(n => !expectedSymbols.Contains(n)).ToList();
        if (unexpected.Count > 0 || bound.Count == 0)
            throw new NativeSetupException(
                $"{fileName}: version {versionName} is used by [{string.Join(", ", names)}], expected only [{string.Join(", ", expectedSymbols)}]. " +
                "This is not the libLibTorchSharp.so the kit knows how to fix; use TorchSharp 0.107.0 as pinned in Directory.Packages.props, or a system with a newer libstdc++ (Ubuntu 24.04, Debian 13).");

        var changes = new List<ElfFieldChange>();
        if (!weak)
        {
            ushort newFlags = (ushort)(aux.Flags | VerFlgWeak);
            file.WriteU16(aux.FlagsOffset, newFlags);
            changes.Add(new ElfFieldChange($"vna_flags of {versionName} in .gnu.version_r", aux.FlagsOffset, aux.Flags, newFlags));
        }
        foreach (var (offset, value, name) in bound)
        {
            file.WriteU16(offset, VerNdxGlobal);
            changes.Add(new ElfFieldChange($".gnu.version entry of {name}", offset, value, VerNdxGlobal));
        }
        return new ElfPatchResult(false, aux.Index, changes, names);
    }

    /// <summary>The highest "GLIBCXX_3.4.N" named as needed by <paramref name="elf"/> without the weak flag, or null.</summary>
    public static IReadOnlyList<(string Version, bool Weak)> NeededVersions(byte[] elf, string fileName)
    {
        var file = new ElfView(elf, fileName);
        var verneed = file.Section(ShtGnuVerneed, ".gnu.version_r");
        return EnumerateVernaux(file, verneed).Select(a => (a.Name, (a.Flags & VerFlgWeak) != 0)).ToList();
    }

    readonly record struct Vernaux(string Name, ushort Flags, ushort Index, long FlagsOffset);

    static Vernaux FindVernaux(ElfView file, ElfView.SectionHeader verneed, string versionName)
    {
        var found = EnumerateVernaux(file, verneed).Where(a => a.Name == versionName).ToList();
        if (found.Count != 1)
            throw new NativeSetupException(
                $"{file.Name}: expected exactly one needed-version entry {versionName} in .gnu.version_r, found {found.Count}. " +
                "The file is not the TorchSharp 0.107.0 native library the kit knows how to fix; check the pinned TorchSharp version.");
        return found[0];
    }

    static IEnumerable<Vernaux> EnumerateVernaux(ElfView file, ElfView.SectionHeader verneed)
    {
        var strtab = file.SectionAt((int)verneed.Link, ".dynstr (linked from .gnu.version_r)");
        long need = verneed.Offset;
        for (uint n = 0; n < verneed.Info; n++)
        {
            ushort count = file.U16(need + 2);       // vn_cnt
            long aux = need + file.U32(need + 8);    // vn_aux
            for (int a = 0; a < count; a++)
            {
                ushort flags = file.U16(aux + 4);     // vna_flags
                ushort other = file.U16(aux + 6);     // vna_other: the version index
                string name = file.String(strtab, file.U32(aux + 8)); // vna_name
                yield return new Vernaux(name, flags, other, aux + 4);
                uint nextAux = file.U32(aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = file.U32(need + 12);          // vn_next
            if (next == 0) break;
            need += next;
        }
    }

    /// <summary>Bounds-checked little-endian reads over an ELF64 image.</summary>
    sealed class ElfView
    {
        public readonly record struct SectionHeader(uint Type, long Offset, long Size, uint Link, uint Info);

        readonly byte[] _bytes;
        readonly List<SectionHeader> _sections = [];
        public string Name { get; }

        public ElfView(byte[] bytes, string name)
        {
            _bytes = bytes;
            Name = name;
            if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
                throw Bad("not an ELF file");
            if (bytes[4] != 2 || bytes[5] != 1)
                throw Bad("not a 64-bit little-endian ELF file");
            if (U16(18) != EmX86_64)
                throw Bad($"machine type 0x{U16(18):X} is not x86-64; the kit's TorchSharp fix only applies to linux-x64");
            long shoff = (long)U64(0x28);
            ushort shentsize = U16(0x3A), shnum = U16(0x3C);
            if (shentsize != 64 || shnum == 0) throw Bad("no usable section header table");
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * 64;
                var s = new SectionHeader(U32(h + 4), (long)U64(h + 24), (long)U64(h + 32), U32(h + 40), U32(h + 44));
                if (s.Type != 8 /* SHT_NOBITS */ && (s.Offset < 0 || s.Size < 0 || s.Offset + s.Size > bytes.Length))
                    throw Bad($"section {i} lies outside the file (truncated or corrupt)");
                _sections.Add(s);
            }
        }

        public SectionHeader Section(uint type, string what)
        {
            var matches = _sections.Where(s => s.Type == type).ToList();
            if (matches.Count != 1) throw Bad($"expected one {what} section, found {matches.Count}");
            return matches[0];
        }

        public SectionHeader SectionAt(int index, string what) =>
            index > 0 && index < _sections.Count ? _sections[index] : throw Bad($"{what}: section index {index} is out of range");

        public ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(at, 2));
        public uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(at, 4));
        public ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(at, 8));
        public void WriteU16(long at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan((int)at, 2), v);

        public string String(SectionHeader strtab, uint offset)
        {
            if (offset >= strtab.Size) throw Bad($"string offset {offset} outside its string table");
            int start = (int)(strtab.Offset + offset);
            int end = Array.IndexOf(_bytes, (byte)0, start, (int)(strtab.Size - offset));
            if (end < 0) throw Bad("unterminated string in string table");
            return Encoding.ASCII.GetString(_bytes, start, end - start);
        }

        ReadOnlySpan<byte> Slice(long at, int length) =>
            at >= 0 && at + length <= _bytes.Length ? _bytes.AsSpan((int)at, length) : throw Bad($"read at offset {at} past the end (truncated or corrupt)");

        NativeSetupException Bad(string why) => new($"{Name}: {why}. The kit cannot apply its TorchSharp fix to this file.");
    }
}
