// --js-library of every core (cmake/wasm.cmake): embind's three uses of run-time code generation
// in Emscripten 3.1.6, replaced by closures, so that the cores run under a Content-Security-Policy
// without 'unsafe-eval' (issue #10; test/browser/csp.test.mjs). 3.1.6 has such closures behind
// -sDYNAMIC_EXECUTION=0 but refuses that setting for a MAIN_MODULE (its dylink evaluates EM_ASM
// strings of side modules; ours have none). These keep everything on the call's own stack, so a
// bound function re-entered from a callback cannot clobber the outer call's arguments.
mergeInto(LibraryManager.library, {
  // A function called `name` (debuggers and stack traces show it) that calls `body`; embind makes
  // class constructors and error types with it, so it must be constructible.
  $createNamedFunction: function (name, body) {
    var named = {};
    named[name] = function () {
      'use strict';
      return body.apply(this, arguments);
    };
    return named[name];
  },

  // The JS side of a bound C++ function or method: argTypes[0] is the return type, argTypes[1]
  // the class (null for a free or static function), argTypes[2…] the parameters.
  $craftInvokerFunction__deps: ['$runDestructors', '$throwBindingError'],
  $craftInvokerFunction: function (humanName, argTypes, classType, cppInvokerFunc, cppTargetFunc) {
    if (argTypes.length < 2) {
      throwBindingError("argTypes array size mismatch! Must at least get return value and 'this' types!");
    }
    var isMethod = argTypes[1] !== null && classType !== null;
    var params = argTypes.slice(2);
    var returnType = argTypes[0];
    var returns = returnType.name !== 'void';
    // A type without its own destructorFunction puts what it allocates on a destructors list.
    var needsDestructorList = argTypes.slice(1).some(function (type) {
      return type !== null && type.destructorFunction === undefined;
    });
    var invoker = function () {
      if (arguments.length !== params.length) {
        throwBindingError('function ' + humanName + ' called with ' + arguments.length + ' arguments, expected ' + params.length + ' args!');
      }
      var destructors = needsDestructorList ? [] : null;
      var wired = [cppTargetFunc];
      if (isMethod) wired.push(argTypes[1].toWireType(destructors, this));
      for (var i = 0; i < params.length; ++i) wired.push(params[i].toWireType(destructors, arguments[i]));
      var rv = cppInvokerFunc.apply(null, wired);
      if (needsDestructorList) {
        runDestructors(destructors);
      } else {
        // wired[k] holds argTypes[k] for a method, argTypes[k + 1] otherwise.
        for (var k = 1; k < wired.length; ++k) {
          var destructor = argTypes[isMethod ? k : k + 1].destructorFunction;
          if (destructor !== null) destructor(wired[k]);
        }
      }
      return returns ? returnType.fromWireType(rv) : undefined;
    };
    return invoker;
  },

  // val::call's JS side: calls handle[name](…) with arguments read from C++'s argument pack, one
  // caller per signature.
  _emval_get_method_caller__deps: ['_emval_addMethodCaller', '_emval_lookupTypes', '$emval_registeredMethods'],
  _emval_get_method_caller: function (argCount, argTypes) {
    var types = __emval_lookupTypes(argCount, argTypes);
    var returnType = types[0];
    var params = types.slice(1);
    var signatureName = returnType.name + '_$' + params.map(function (t) { return t.name; }).join('_') + '$';
    var known = emval_registeredMethods[signatureName];
    if (known !== undefined) return known;
    var caller = function (handle, name, destructors, args) {
      var values = new Array(params.length);
      for (var i = 0, offset = 0; i < params.length; ++i) {
        values[i] = params[i].readValueFromPointer(args + offset);
        offset += params[i].argPackAdvance;
      }
      var rv = handle[name].apply(handle, values);
      for (var j = 0; j < params.length; ++j) {
        if (params[j].deleteObject) params[j].deleteObject(values[j]);
      }
      if (!returnType.isVoid) return returnType.toWireType(destructors, rv);
    };
    var id = __emval_addMethodCaller(caller);
    emval_registeredMethods[signatureName] = id;
    return id;
  },
});
