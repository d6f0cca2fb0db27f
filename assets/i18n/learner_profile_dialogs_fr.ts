<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CreateProfileDialog</name>
    <message>
        <source>New profile</source>
        <translation>Nouveau profil</translation>
    </message>
    <message>
        <source>&amp;Name or nickname</source>
        <translation>&amp;Nom ou surnom</translation>
    </message>
    <message>
        <source>&amp;PIN (optional, 4 to 6 digits)</source>
        <translation>Code &amp;PIN (facultatif, 4 à 6 chiffres)</translation>
    </message>
    <message>
        <source>PIN &amp;again</source>
        <translation>Code PIN, enco&amp;re</translation>
    </message>
    <message>
        <source>&amp;Gender</source>
        <translation>&amp;Genre</translation>
    </message>
    <message>
        <source>&amp;Country</source>
        <translation>Pa&amp;ys</translation>
    </message>
    <message>
        <source>&amp;You are</source>
        <translation>&amp;Vous êtes</translation>
    </message>
    <message>
        <source>Ag&amp;e</source>
        <translation>Âg&amp;e</translation>
    </message>
    <message>
        <source>Ca&amp;mpaign that brought you</source>
        <translation>Ca&amp;mpagne qui vous a fait venir</translation>
    </message>
    <message>
        <source>Not said</source>
        <translation>Non précisé</translation>
    </message>
    <message>
        <source>Woman</source>
        <translation>Femme</translation>
    </message>
    <message>
        <source>Man</source>
        <translation>Homme</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Prefer not to say</source>
        <translation>Préfère ne pas répondre</translation>
    </message>
    <message>
        <source>Under 18</source>
        <translation>Moins de 18 ans</translation>
    </message>
    <message>
        <source>18 to 24</source>
        <translation>18 à 24 ans</translation>
    </message>
    <message>
        <source>25 to 34</source>
        <translation>25 à 34 ans</translation>
    </message>
    <message>
        <source>35 to 44</source>
        <translation>35 à 44 ans</translation>
    </message>
    <message>
        <source>45 or over</source>
        <translation>45 ans ou plus</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Étudiant·e</translation>
    </message>
    <message>
        <source>Civil society</source>
        <translation>Société civile</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Média</translation>
    </message>
    <message>
        <source>Public authority</source>
        <translation>Autorité publique</translation>
    </message>
    <message>
        <source>Gender, country, age and category are optional. They are used only to count, anonymously, who takes part in the programme.</source>
        <translation>Le genre, le pays, l’âge et la catégorie sont facultatifs. Ils servent seulement à compter, de façon anonyme, qui participe au programme.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>Please type a name.</source>
        <translation>Veuillez saisir un nom.</translation>
    </message>
    <message>
        <source>A profile named %1 already exists on this PC. If it is yours, cancel and choose it. To make another profile with this name anyway, press OK again (adding a surname helps tell them apart).</source>
        <translation>Un profil nommé %1 existe déjà sur ce PC. Si c’est le vôtre, annulez et choisissez-le. Pour créer quand même un autre profil avec ce nom, appuyez de nouveau sur OK (ajouter un nom de famille aide à les distinguer).</translation>
    </message>
    <message>
        <source>A PIN has 4 to 6 digits.</source>
        <translation>Un code PIN a de 4 à 6 chiffres.</translation>
    </message>
    <message>
        <source>The two PINs are different.</source>
        <translation>Les deux codes PIN sont différents.</translation>
    </message>
</context>
<context>
    <name>FirstPinDialog</name>
    <message>
        <source>Choose your PIN</source>
        <translation>Choisissez votre code PIN</translation>
    </message>
    <message>
        <source>Welcome, %1! Your facilitator made this profile for you. Choose a PIN (4 to 6 digits) that only you know: it protects your work on this shared PC.</source>
        <translation>Bienvenue, %1 ! Votre animateur·rice a créé ce profil pour vous. Choisissez un code PIN (4 à 6 chiffres) que vous seul·e connaissez : il protège votre travail sur ce PC partagé.</translation>
    </message>
    <message>
        <source>&amp;PIN</source>
        <translation>&amp;Code PIN</translation>
    </message>
    <message>
        <source>PIN &amp;again</source>
        <translation>Code PIN, enco&amp;re</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Code PIN, encore</translation>
    </message>
    <message>
        <source>A PIN has 4 to 6 digits.</source>
        <translation>Un code PIN a de 4 à 6 chiffres.</translation>
    </message>
    <message>
        <source>The two PINs are different.</source>
        <translation>Les deux codes PIN sont différents.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <source>PIN of %1</source>
        <translation>Code PIN de %1</translation>
    </message>
    <message>
        <source>&amp;Forgot your PIN?</source>
        <translation>Code PIN &amp;oublié ?</translation>
    </message>
    <message>
        <source>Nobody can read your PIN, not even on this PC. Ask your facilitator: with you present, they can give your profile a new PIN (facilitator space: Groups, then “New PIN…”). Your progress is kept. On another PC, your account comes back with your learner code and the new PIN once this PC has synced.</source>
        <translation>Personne ne peut lire votre code PIN, même sur ce PC. Demandez à votre animateur·rice : en votre présence, il ou elle peut donner un nouveau code PIN à votre profil (espace animateur·rice : Groupes, puis « Nouveau code PIN… »). Votre progression est conservée. Sur un autre PC, votre compte revient avec votre code apprenant·e et le nouveau code PIN une fois ce PC synchronisé.</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left before a pause: %1</source>
        <translation>Code PIN incorrect. Essais restants avant une pause : %1</translation>
    </message>
    <message>
        <source>You can try again.</source>
        <translation>Vous pouvez réessayer.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in %1 s.</source>
        <translation>Trop de codes incorrects. Réessayez dans %1 s.</translation>
    </message>
</context>
</TS>
