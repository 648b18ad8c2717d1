using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace CaptioningKit.Native;

/// <summary>What <see cref="MklVendorCheck.Apply"/> found and did; one line of <c>doctor</c>. <c>KernelSet</c> is oneMKL's
/// own answer, <c>mkl_serv_get_cpu_type()</c>, once libtorch is loaded: 0 is its generic code.</summary>
public sealed record MklDispatch(string CpuVendor, bool Applied, string? ShimPath, string Reason, int? KernelSet = null);

/// <summary>
/// libtorch (inside TorchSharp-cpu) multiplies matrices with oneMKL 2024, linked into libtorch_cpu.so. oneMKL picks its
/// kernels by CPU vendor: on any CPU whose vendor is not "GenuineIntel" it asks <c>mkl_serv_intel_cpu_true()</c>, gets 0
/// and runs its generic code, whatever the CPU can do. On a 2-core AMD EPYC (Zen 5, AVX-512) that is 118 GFLOP/s for a
/// 2048 sgemm against OpenBLAS's 358 on the same cores (bench/README.md, run 3); the kit's decoder spends most of its time
/// in such products. The environment switches oneMKL documents (<c>MKL_ENABLE_INSTRUCTIONS</c>, <c>MKL_CBWR</c>,
/// the old <c>MKL_DEBUG_CPU_TYPE</c>) do not change this (measured).
///
/// The well-known workaround is to provide that one function returning 1 ahead of libtorch in the process's global
/// symbol scope; oneMKL then checks the CPU's feature bits (AVX2, AVX-512) as it does on Intel and picks those kernels.
/// libtorch_cpu.so exports the symbol and calls it through its PLT, so a library loaded with RTLD_GLOBAL before it wins,
/// as <c>LD_PRELOAD</c> would (which would need a setting before the process starts; notebooks cannot have that).
/// The kit writes that library itself (a 560-byte ELF shared object: one function, <c>mov eax, 1; ret</c>, see
/// <see cref="BuildShim"/>), no compiler needed, into its cache folder, and loads it before libtorch, only on x86-64
/// Linux, only on a non-Intel CPU, and not when <see cref="EnvironmentVariable"/> is <c>keep</c>. Results stay exact to
/// float32 rounding (<c>MklVendorCheckTests</c> compares products against float64 references with the shim in place).
/// </summary>
public static class MklVendorCheck
{
    public const string Symbol = "mkl_serv_intel_cpu_true";
    public const string ShimFileName = "libcaptioningkit-mkl-vendor.so";

    /// <summary>Set to <c>keep</c> to leave oneMKL's own vendor check alone (generic kernels on non-Intel CPUs).</summary>
    public const string EnvironmentVariable = "CAPTIONINGKIT_MKL_VENDOR_CHECK";

    /// <summary>The CPU's vendor string from CPUID leaf 0 ("GenuineIntel", "AuthenticAMD", ...), or "unknown".</summary>
    public static string CpuVendor()
    {
        if (!X86Base.IsSupported) return "unknown";
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<byte> name = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(name, ebx);
        BinaryPrimitives.WriteInt32LittleEndian(name[4..], edx);
        BinaryPrimitives.WriteInt32LittleEndian(name[8..], ecx);
        return Encoding.ASCII.GetString(name);
    }

    /// <summary>
    /// Loads the shim (writing it first if needed) when this process should have it. Call before libtorch is loaded.
    /// </summary>
    public static MklDispatch Apply(string cacheDirectory)
    {
        var vendor = CpuVendor();
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return new(vendor, false, null, "not x86-64 Linux: oneMKL as shipped");
        if (vendor == "GenuineIntel")
            return new(vendor, false, null, "Intel CPU: oneMKL already picks its fastest kernels");
        if (string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "keep", StringComparison.OrdinalIgnoreCase))
            return new(vendor, false, null, $"{EnvironmentVariable}=keep: oneMKL runs its generic kernels on this {vendor} CPU");

        var path = WriteShim(cacheDirectory);
        var handle = dlopen(path, RtldNow | RtldGlobal);
        if (handle == IntPtr.Zero)
            throw new NativeSetupException($"Could not load {path}: {Marshal.PtrToStringUTF8(dlerror()) ?? "dlopen failed"}\n" +
                $"Fix: delete that file so the kit writes it again, or set {EnvironmentVariable}=keep to run oneMKL's generic kernels.");
        return new(vendor, true, path, $"{vendor} CPU: oneMKL's vendor check answered 'Intel' so it picks kernels by the CPU's features (set {EnvironmentVariable}=keep to undo)");
    }

    /// <summary>Asks the loaded libtorch which kernel set oneMKL picked (0: generic), or null if it does not say.</summary>
    public static unsafe int? KernelSet(IntPtr libTorchCpu) =>
        NativeLibrary.TryGetExport(libTorchCpu, "mkl_serv_get_cpu_type", out var f) ? ((delegate* unmanaged<int>)f)() : null;

    /// <summary>Writes the shim to the cache folder via a temporary file and an atomic rename, or reuses an identical one.</summary>
    public static string WriteShim(string cacheDirectory)
    {
        var target = Path.Combine(cacheDirectory, "native", ShimFileName);
        try
        {
            return AtomicFile.WriteAllBytesUnlessSame(target, BuildShim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NativeSetupException($"Could not write {target}: {e.Message}\n" +
                $"Fix: make {cacheDirectory} writable, point CAPTIONINGKIT_CACHE at a writable folder, or set {EnvironmentVariable}=keep.", e);
        }
    }

    // The shim's layout. One read+execute segment at file offset 0 holds the ELF header, the four program headers,
    // the symbol hash table, the dynamic symbols and strings and the 6 bytes of code; a second, writable segment holds
    // the dynamic section (ld.so may write to it), mapped one page up as every shared object does.
    const int ElfHeaderSize = 64, ProgramHeaderSize = 56, ProgramHeaders = 4;
    const int HashOffset = ElfHeaderSize + ProgramHeaders * ProgramHeaderSize; // 288; 20 bytes
    const int SymbolsOffset = 312, SymbolSize = 24;                             // two symbols
    const int StringsOffset = SymbolsOffset + 2 * SymbolSize;                   // 360; 56 bytes
    const int CodeOffset = 432, DynamicOffset = 448, DynamicAddressShift = 0x1000, PageSize = 0x1000;
    static readonly byte[] Code = [0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3];          // mov eax, 1; ret

    /// <summary>
    /// A minimal x86-64 ELF shared object exporting one function, <see cref="Symbol"/>, that returns 1: the equivalent of
    /// compiling <c>int mkl_serv_intel_cpu_true(void) { return 1; }</c> with <c>gcc -shared</c>, without the compiler.
    /// </summary>
    public static byte[] BuildShim()
    {
        var strings = Encoding.ASCII.GetBytes($"\0{Symbol}\0{ShimFileName}\0");
        if (StringsOffset + strings.Length > CodeOffset) throw new InvalidOperationException("shim layout: strings overlap the code");
        (long Tag, long Value)[] dynamic =
        [
            (4, HashOffset),              // DT_HASH
            (5, StringsOffset),           // DT_STRTAB
            (6, SymbolsOffset),           // DT_SYMTAB
            (10, strings.Length),         // DT_STRSZ
            (11, SymbolSize),             // DT_SYMENT
            (14, 2 + Symbol.Length),      // DT_SONAME: the second string
            (0, 0),                       // DT_NULL
        ];
        var file = new byte[DynamicOffset + dynamic.Length * 16];
        var span = file.AsSpan();

        // ELF header: 64-bit, little-endian, version 1, a shared object (ET_DYN) for x86-64 (EM_X86_64 = 62).
        "\x7F"u8.CopyTo(span); "ELF"u8.CopyTo(span[1..]);
        span[4] = 2; span[5] = 1; span[6] = 1;
        U16(span, 16, 3); U16(span, 18, 62); U32(span, 20, 1);
        U64(span, 32, ElfHeaderSize);                     // e_phoff
        U16(span, 52, ElfHeaderSize); U16(span, 54, ProgramHeaderSize); U16(span, 56, ProgramHeaders);
        U16(span, 58, 64);                                // e_shentsize (no section headers: e_shnum = 0)

        // Program headers: PT_LOAD (R+X), PT_LOAD (R+W, the dynamic section), PT_DYNAMIC, and PT_GNU_STACK (R+W): without
        // it the loader would want an executable stack, which newer glibc refuses for dlopen.
        int codeEnd = CodeOffset + Code.Length, dynamicSize = dynamic.Length * 16;
        ProgramHeader(span, 0, type: 1, flags: 5, offset: 0, address: 0, size: codeEnd, align: PageSize);
        ProgramHeader(span, 1, type: 1, flags: 6, offset: DynamicOffset, address: DynamicOffset + DynamicAddressShift, size: dynamicSize, align: PageSize);
        ProgramHeader(span, 2, type: 2, flags: 6, offset: DynamicOffset, address: DynamicOffset + DynamicAddressShift, size: dynamicSize, align: 8);
        ProgramHeader(span, 3, type: 0x6474E551, flags: 6, offset: 0, address: 0, size: 0, align: 16);

        // DT_HASH with one bucket: bucket 0 starts the chain at symbol 1, which ends it.
        U32(span, HashOffset, 1); U32(span, HashOffset + 4, 2);       // nbucket, nchain
        U32(span, HashOffset + 8, 1);                                 // bucket[0]
        U32(span, HashOffset + 12, 0); U32(span, HashOffset + 16, 0); // chain[0], chain[1]

        // Symbol 0 is the null symbol; symbol 1: name at string 1, GLOBAL FUNC, default visibility, defined in section 1.
        var symbol = SymbolsOffset + SymbolSize;
        U32(span, symbol, 1); span[symbol + 4] = 0x12; U16(span, symbol + 6, 1);
        U64(span, symbol + 8, CodeOffset); U64(span, symbol + 16, Code.Length);

        strings.CopyTo(span[StringsOffset..]);
        Code.CopyTo(span[CodeOffset..]);
        for (var i = 0; i < dynamic.Length; i++)
        {
            U64(span, DynamicOffset + 16 * i, dynamic[i].Tag);
            U64(span, DynamicOffset + 16 * i + 8, dynamic[i].Value);
        }
        return file;
    }

    static void ProgramHeader(Span<byte> file, int index, uint type, uint flags, long offset, long address, long size, long align)
    {
        var at = ElfHeaderSize + index * ProgramHeaderSize;
        U32(file, at, type); U32(file, at + 4, flags);
        U64(file, at + 8, offset); U64(file, at + 16, address); U64(file, at + 24, address);
        U64(file, at + 32, size); U64(file, at + 40, size); U64(file, at + 48, align);
    }

    static void U16(Span<byte> s, int at, int v) => BinaryPrimitives.WriteUInt16LittleEndian(s[at..], (ushort)v);
    static void U32(Span<byte> s, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(s[at..], v);
    static void U64(Span<byte> s, int at, long v) => BinaryPrimitives.WriteInt64LittleEndian(s[at..], v);

    const int RtldNow = 2, RtldGlobal = 0x100;
    [DllImport("libdl.so.2")] static extern IntPtr dlopen(string file, int mode);
    [DllImport("libdl.so.2")] static extern IntPtr dlerror();
}
